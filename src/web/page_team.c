/* page_team.c: a team's page: its service, manager and due list
 * (view_team.h). */
#include <string.h>

#include "svc/view_team.h"
#include "svc/workload.h"
#include "web/page_lists.h"
#include "web/routes.h"

static void team_lists(Buf *b, const DueList *l)
{
    due_counts_line(b, l, DUE_KIND_STAFF, "person", "people");
    due_counts_line(b, l, DUE_KIND_CASE, "open case", "open cases");
    if (!due_staff_table(b, l, "Supervision", "supervision"))
        html_f(b, "<p class=\"govuk-body\">Nobody in this team is in post.</p>");
    due_case_table(b, l, "Cases due or overdue for discussion", true, true, "cases");
    due_other_table(b, l, "Agreements, records, actions and escalations due", true, true, "other");
}

/* A team's table as a file: the list computed afresh, as the page's is
 * when it is not kept. */
static void team_export(Req *r, const SvcActor *a, const TeamView *t, ExportFormat f, const char *table)
{
    bool staff = strcmp(table, "supervision") == 0, cases = strcmp(table, "cases") == 0,
         other = strcmp(table, "other") == 0;
    if (!staff && !cases && !other) return export_unknown(r);
    DueList l;
    if (view_due(r->st, a, &t->due, &l) != SVC_OK) return page_server_error(r);
    Table tab;
    if (staff)
        due_staff_export(&tab, &l, "Supervision");
    else if (cases)
        due_case_export(&tab, &l, "Cases due or overdue for discussion", true, true);
    else
        due_other_export(&tab, &l, "Agreements, records, actions and escalations due", true, true);
    due_list_free(&l);
    char name[300];
    strfmt(name, sizeof name, "team-%s-%s", t->name, table);
    export_send(r, &tab, f, name);
    table_free(&tab);
}

void page_team(Req *r)
{
    SvcActor a = web_actor(r);
    TeamView t;
    SvcResult rc = view_team(r->st, &a, r->arg, &t);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK) {
        /* No such team is answered as refused: the pages do not tell
         * which teams exist to those who may not see them. */
        char what[160];
        strfmt(what, sizeof what, "team \"%s\"", r->arg);
        return page_refused(r, what);
    }
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f != EXPORT_NONE) {
        if (f != EXPORT_ANSWERED) team_export(r, &a, &t, f, table);
        return view_team_free(&t);
    }
    Buf *b = &r->rs->body;
    page_start(r, t.name, NULL);
    html_f(b, "<span class=\"govuk-caption-l\">Team</span><h1 class=\"govuk-heading-l\">%s</h1>", t.name);
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/teams/%u/trends\">Compliance over time</a></p>",
           t.name);
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Service</dt>"
              "<dd class=\"govuk-summary-list__value\">");
    if (t.service_open)
        html_f(b, "<a class=\"govuk-link\" href=\"/services/%u\">%s</a>", t.service, t.service);
    else
        html_f(b, "%s", t.service[0] ? t.service : "none");
    html_f(b, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Manager</dt>"
              "<dd class=\"govuk-summary-list__value\">");
    if (t.manager_id[0])
        link_person(b, t.manager_id, t.manager_name);
    else
        HTML_RAW(b, "none");
    HTML_RAW(b, "</dd></div></dl>");
    html_f(b,
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/teams/%u/development\">Development needs and"
           " training</a></p>"
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/teams/%u/feedback\">How supervision feels in"
           " this team</a></p>",
           t.name, t.name);
    /* Caseloads are read afresh, outside the kept due lists. */
    CaseloadList cl;
    SvcResult crc = caseload_team(r->st, &a, t.name, &cl);
    if (crc == SVC_FAILED) {
        view_team_free(&t);
        return page_server_error(r);
    }
    if (crc == SVC_OK) {
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"caseloads\">Caseloads</h2>");
        caseload_table(r, &cl, "Open cases per worker against the policy", false, false);
        caseload_list_free(&cl);
    }
    char key[160];
    strfmt(key, sizeof key, "team|%s", t.name);
    bool shown = due_fragment(r, &a, key, STORE_GEN_TEAM, t.name, &t.due, team_lists);
    view_team_free(&t);
    if (shown) page_end(r);
}
