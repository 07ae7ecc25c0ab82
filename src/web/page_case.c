/* page_case.c: a case's page: its category and worker, when it is next due
 * for discussion, the decisions made about it in supervision, its
 * incidents and allegations (case_concerns_section) and the sessions it was
 * discussed in (view_case.h). */
#include <string.h>

#include "svc/view_case.h"
#include "web/page_lists.h"
#include "web/routes.h"

/* One case note's rows: how the decision was reached, and any departure
 * from procedure. */
static void note_rows(Buf *b, const CaseNote *n)
{
    if (record_note_purged(n)) {
        web_summary_row(b, "Decision", "Deleted under the retention policy, with the rest of what was written.");
        return;
    }
    if (n->analysis[0]) web_summary_row(b, "Analysis", n->analysis);
    web_summary_row(b, "Decision", n->decision);
    if (n->rationale[0]) web_summary_row(b, "Why", n->rationale);
    if (n->tasks[0]) web_summary_row(b, "Further tasks", n->tasks);
    if (n->departs)
        html_f(
            b,
            "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Departs from procedure</dt>"
            "<dd class=\"govuk-summary-list__value app-prose\"><strong class=\"govuk-tag govuk-tag--red\">Departs</strong> %s</dd></div>",
            n->departure);
}

/* The decisions made about the case in supervision, newest first: what the
 * child's record must show (how each was reached, and any departure from
 * procedure), each as it stands now, with what it was before when a later
 * version of its record corrected it, and marked when withdrawn. */
static void decisions(Buf *b, const CaseDecisions *dec)
{
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"decisions\">Decisions in supervision</h2>");
    if (!dec->n) html_f(b, "<p class=\"govuk-body\">No decisions are recorded yet.</p>");
    for (size_t i = 0; i < dec->n; i++) {
        const CaseNote *n = dec->items[i].now;
        char d[WEB_DATE_CHARS];
        const char *kind = strcmp(n->session_type, "group") == 0      ? "group supervision"
                           : strcmp(n->session_type, "informal") == 0 ? "an informal discussion"
                                                                      : "supervision";
        /* The supervisor writes a supervision's record: it was "with" them.
         * An informal or group discussion is written by whoever recorded it,
         * the worker too: "with" would name them with themselves. */
        bool supervision = strcmp(n->session_type, "group") != 0 && strcmp(n->session_type, "informal") != 0;
        html_f(b,
               "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
               "<h3 class=\"govuk-summary-card__title\">%s, in %s %s %s%s</h3>",
               web_date_of(n->date, d), kind, supervision ? "with" : "recorded by", n->writer_name,
               n->withdrawn[0]          ? ": withdrawn"
               : dec->items[i].nearlier ? ": corrected"
                                        : "");
        if (n->record_ref)
            html_f(
                b,
                "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">"
                "<a class=\"govuk-link\" href=\"/records/%ld?version=%d\">The record<span class=\"govuk-visually-hidden\"> of %s</span></a></li></ul>",
                (long)n->record_ref, n->version, d);
        HTML_RAW(b, "</div><div class=\"govuk-summary-card__content\">");
        if (n->withdrawn[0])
            html_f(
                b,
                "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--grey\">Withdrawn</strong> in version %d"
                " of the record. Why: %s</p><p class=\"govuk-body\">The decision withdrawn:</p>",
                n->version, n->withdrawn);
        else if (dec->items[i].nearlier)
            html_f(b,
                   "<p class=\"govuk-body\"><strong class=\"govuk-tag\">Current</strong> as corrected in version %d of"
                   " the record.</p>",
                   n->version);
        HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
        note_rows(b, n);
        HTML_RAW(b, "</dl>");
        if (dec->items[i].nearlier) {
            html_f(b, "<h4 class=\"govuk-heading-s\">What it was before</h4>");
            for (size_t k = 0; k < dec->items[i].nearlier; k++) {
                const CaseNote *o = dec->items[i].earlier[k];
                html_f(b, "<p class=\"govuk-body\">Version %d of the record (no longer current):</p>", o->version);
                HTML_RAW(b, "<dl class=\"govuk-summary-list app-history\">");
                note_rows(b, o);
                HTML_RAW(b, "</dl>");
            }
        }
        HTML_RAW(b, "</div></div>");
    }
}

bool trail_case(Req *r, int64_t ref, int64_t worker_ref, const char *id)
{
    int64_t me = r->v->viewer.staff_ref;
    return web_trail_read(r, "case", ref, me && me == worker_ref ? "worker" : NULL, id);
}

void page_case(Req *r) { page_case_with(r, NULL); }

void page_case_with(Req *r, const SvcError *e)
{
    SvcActor a = web_actor(r);
    CaseView c;
    SvcResult rc = view_case(r->st, &a, r->arg, HISTORY_ROWS, &c);
    CaseDecisions dec;
    if (rc == SVC_OK) {
        rc = view_case_decision_history(r->st, &a, c.ref, HISTORY_ROWS, &dec);
        if (rc != SVC_OK) view_case_free(&c);
    }
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK) {
        char what[160];
        strfmt(what, sizeof what, "case \"%s\"", r->arg);
        access_refused(&r->v->viewer, r->v->username, what, r->rq->client);
        return page_not_found(r);
    }
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f == EXPORT_ANSWERED || !trail_case(r, c.ref, c.worker_ref, c.id)) {
        case_decisions_free(&dec);
        return view_case_free(&c);
    }
    if (f != EXPORT_NONE) {
        /* A case's one table: its discussions, as the page lists them. */
        if (strcmp(table, "discussions") == 0) {
            Table t;
            history_export(&t, &c.discussions, "Discussions");
            char name[300];
            strfmt(name, sizeof name, "case-%s-discussions", c.id);
            export_send(r, &t, f, name);
            table_free(&t);
        } else {
            export_unknown(r);
        }
        case_decisions_free(&dec);
        return view_case_free(&c);
    }
    Buf *b = &r->rs->body;
    char title[100];
    strfmt(title, sizeof title, "%s%s", e && e->message[0] ? "Error: " : "", c.id);
    page_start(r, title, NULL);
    form_problem(r, e);
    html_f(b, "<span class=\"govuk-caption-l\">Case</span><h1 class=\"govuk-heading-l\">%s</h1>", c.id);
    const Category *pc = policy_category(r->app->pol, c.category, strlen(c.category));
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    /* The child's name or initials, when the organisation's file gave one:
     * whoever may see this page may see it. */
    if (c.name[0]) web_summary_row(b, "Child", c.name);
    web_summary_row(b, "Category", pc && pc->label ? pc->label : c.category);
    html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Allocated worker</dt>"
              "<dd class=\"govuk-summary-list__value\">");
    link_person(b, c.worker_id, c.worker_name);
    HTML_RAW(b, "</dd></div>");
    char when[WEB_DATE_CHARS];
    web_summary_row(b, "Allocated", web_date_of(c.allocated_date, when));
    if (c.closed_date[0]) web_summary_row(b, "Closed", web_date_of(c.closed_date, when));
    Interval every;
    if (c.every[0] && interval_parse(c.every, strlen(c.every), &every)) {
        char words[24], often[40];
        strfmt(often, sizeof often, "every %s", interval_words(every, words));
        web_summary_row(b, "Discussed at least", often);
    }
    if (c.due) {
        char due[WEB_DATE_CHARS];
        web_date(c.due->r.due, due);
        html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Next discussion</dt>"
                  "<dd class=\"govuk-summary-list__value\">");
        web_status_tag(b, c.due->r.status);
        char words[240];
        html_f(b, " due by %s<br><span class=\"govuk-body-s\">Rule: %s</span></dd></div>", due,
               due_rule_words(c.due, words, sizeof words));
    } else {
        web_summary_row(b, "Next discussion", c.closed_date[0] ? "not due (closed)" : "not due");
    }
    HTML_RAW(b, "</dl>");
    decisions(b, &dec);
    case_decisions_free(&dec);
    if ((pc && pc->nchecklist) || e) case_concerns_section(r, c.ref, c.id, e);
    history_table(b, &c.discussions, "Discussions", "This case has not been discussed.", "discussions");
    view_case_free(&c);
    page_end(r);
}
