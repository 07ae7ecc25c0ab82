/* page_person.c: a person's page: who they are, when they are next due,
 * their cases, records, cancelled sessions and sessions (view_person.h). */
#include <string.h>

#include "svc/view_person.h"
#include "web/page_lists.h"
#include "web/routes.h"

static const char *record_state(const char *state)
{
    if (strcmp(state, "signed") == 0) return "signed by both";
    if (strcmp(state, "sent") == 0) return "waiting to be signed";
    if (strcmp(state, "disputed") == 0) return "disputed";
    return "being written";
}

/* The actions agreed in the person's supervision, open first, each with
 * its follow-ups and a link to its page (page_action.c). */
static void person_actions(Req *r, int64_t person)
{
    Buf *b = &r->rs->body;
    ActionList l;
    if (actions_of(r->st, &r->v->viewer, person, false, &l) != SVC_OK) return;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"actions\">Actions</h2>");
    if (!l.n) html_f(b, "<p class=\"govuk-body\">No actions have been agreed.</p>");
    if (l.n) HTML_RAW(b, "<ul class=\"govuk-list govuk-list--bullet\">");
    for (size_t i = 0; i < l.n; i++) action_list_item(b, &l.items[i]);
    if (l.n) HTML_RAW(b, "</ul>");
    action_list_free(&l);
}

static void records_list(Buf *b, const PersonView *p)
{
    html_f(b, "<h2 class=\"govuk-heading-m\">Supervision records</h2>");
    if (!p->nrecords) {
        html_f(b, "<p class=\"govuk-body\">No records written in Oversight yet.</p>");
        return;
    }
    HTML_RAW(b, "<ul class=\"govuk-list\">");
    for (size_t i = 0; i < p->nrecords; i++) {
        const PersonRecord *rec = &p->records[i];
        char d[WEB_DATE_CHARS];
        html_f(b, "<li><a class=\"govuk-link\" href=\"/records/%ld\">%s with %s</a>: %s (version %ld)</li>",
               (long)rec->ref, web_date_of(rec->date, d), rec->supervisor_name, record_state(rec->state),
               (long)rec->version);
    }
    HTML_RAW(b, "</ul>");
}

/* Sessions booked in Oversight and cancelled: who cancelled and why, so a
 * pattern of cancelled supervision is seen, not lost. */
static void cancellations_list(Buf *b, const PersonView *p)
{
    if (!p->ncancellations) return;
    html_f(b, "<h2 class=\"govuk-heading-m\">Cancelled sessions</h2><ul class=\"govuk-list govuk-list--bullet\">");
    for (size_t i = 0; i < p->ncancellations; i++) {
        const PersonCancellation *c = &p->cancellations[i];
        char d[WEB_DATE_CHARS];
        html_f(b, "<li><a class=\"govuk-link\" href=\"/bookings/%ld\">%s</a>: cancelled by %s: %s</li>",
               (long)c->booking_ref, web_date_of(c->date, d), c->by_name, c->reason);
    }
    HTML_RAW(b, "</ul>");
}

bool trail_person(Req *r, const PersonView *p)
{
    return web_trail_read(r, "person", p->ref, r->v->viewer.staff_ref == p->ref ? "self" : NULL, p->id);
}

/* A person's table as a file, from the view the page shows. */
static void person_export(Req *r, const PersonView *p, ExportFormat f, const char *table)
{
    Table t;
    if (strcmp(table, "other") == 0)
        due_other_export(&t, &p->due, "Agreement, records, actions and escalations", false, false);
    else if (strcmp(table, "cases") == 0)
        due_case_export(&t, &p->due, "Open cases", false, false);
    else if (strcmp(table, "sessions") == 0)
        history_export(&t, &p->sessions, "Sessions");
    else
        return export_unknown(r);
    char name[300];
    strfmt(name, sizeof name, "person-%s-%s", p->id, table);
    export_send(r, &t, f, name);
    table_free(&t);
}

void page_person(Req *r)
{
    SvcActor a = web_actor(r);
    PersonView p;
    SvcResult rc = view_person(r->st, &a, r->arg, HISTORY_ROWS, &p);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK) {
        /* No such person is answered as refused, as for teams. */
        char what[160];
        strfmt(what, sizeof what, "person \"%s\"", r->arg);
        return page_refused(r, what);
    }
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f == EXPORT_ANSWERED) return view_person_free(&p);
    if (!trail_person(r, &p)) return view_person_free(&p);
    if (f != EXPORT_NONE) {
        person_export(r, &p, f, table);
        return view_person_free(&p);
    }
    Buf *b = &r->rs->body;
    page_start(r, p.name, NULL);
    html_f(b, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", p.id, p.name);
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people/%u/trends\">Compliance over time</a></p>",
           p.id);
    const Role *pr = policy_role(r->app->pol, p.role, strlen(p.role));
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    web_summary_row(b, "Role", pr && pr->label ? pr->label : p.role);
    web_summary_row(b, "Team", p.team[0] ? p.team : "none");
    web_summary_row(b, "Supervisor", p.supervisor_name[0] ? p.supervisor_name : "none");
    web_summary_row(b, "Line manager", p.line_manager_name[0] ? p.line_manager_name : "none");
    char when[WEB_DATE_CHARS];
    web_summary_row(b, "In this role since", web_date_of(p.start_date, when));
    if (p.left_date[0]) web_summary_row(b, "Left", web_date_of(p.left_date, when));
    bool listed = false;
    char due[WEB_DATE_CHARS];
    for (size_t i = 0; i < p.due.n; i++) {
        const DueRow *row = &p.due.rows[i];
        if (row->kind != DUE_KIND_STAFF) continue;
        listed = true;
        web_date(row->r.due, due);
        html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Next supervision</dt>"
                  "<dd class=\"govuk-summary-list__value\">");
        web_status_tag(b, row->r.status);
        char words[240], held[WEB_DATE_CHARS];
        html_f(b, " due by %s<br><span class=\"govuk-body-s\">Rule: %s</span>", due,
               due_rule_words(row, words, sizeof words));
        if (row->has_unsent) {
            web_date(row->unsent, held);
            html_f(b, "<br><strong>Held on %s, record not sent: it counts once sent</strong>", held);
        }
        HTML_RAW(b, "</dd></div>");
    }
    if (!listed) web_summary_row(b, "Next supervision", "not due (not in post)");
    HTML_RAW(b, "</dl>");
    html_f(b,
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people/%u/agreement\">Supervision agreement</a></p>"
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people/%u/development\">Development recorded in"
           " supervision</a></p>",
           p.id, p.id);
    due_other_table(b, &p.due, "Agreement, records, actions and escalations", false, false, "other");
    due_case_table(b, &p.due, "Open cases", false, false, "cases");
    records_list(b, &p);
    person_actions(r, p.ref);
    cancellations_list(b, &p);
    history_table(b, &p.sessions, "Sessions", "No sessions are recorded.", "sessions");
    view_person_free(&p);
    page_end(r);
}
