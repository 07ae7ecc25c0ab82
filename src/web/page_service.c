/* page_service.c: the list of services and one service's figures by team
 * (view_service.h). */
#include <string.h>

#include "svc/view_service.h"
#include "svc/workload.h"
#include "web/page_lists.h"
#include "web/routes.h"

void page_services(Req *r)
{
    SvcActor a = web_actor(r);
    ServiceList l;
    SvcResult rc = view_services(r->st, &a, &l);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK) return page_refused(r, "the list of services");
    Buf *b = &r->rs->body;
    page_start(r, "Services", "/services");
    html_f(b, "<h1 class=\"govuk-heading-l\">Services</h1><ul class=\"govuk-list\">");
    for (size_t i = 0; i < l.n; i++) {
        char teams[COUNT_WORDS_CHARS];
        html_f(b, "<li><a class=\"govuk-link\" href=\"/services/%u\">%s</a> (%s)</li>", l.services[i].name,
               l.services[i].name, count_words((long)l.services[i].teams, "team", "teams", teams));
    }
    HTML_RAW(b, "</ul>");
    if (!l.n) html_f(b, "<p class=\"govuk-body\">No services are recorded yet (see oversight import teams).</p>");
    view_services_free(&l);
    page_end(r);
}

static void percent_cell(Buf *b, long part, long all)
{
    char s[16];
    if (all)
        strfmt(s, sizeof s, "%ld%%", (part * 100 + all / 2) / all);
    else
        strfmt(s, sizeof s, "none");
    table_cell(b, s);
}

static void number_cell(Buf *b, long n)
{
    char s[24];
    strfmt(s, sizeof s, "%ld", n);
    table_cell(b, s);
}

/* Caseloads at the level to watch or over, workload concerns and the link
 * to how supervision feels: read afresh, outside the kept figures. */
static void workload_part(Req *r, const SvcActor *a, const char *service)
{
    Buf *b = &r->rs->body;
    WorkloadFigures f;
    CaseloadList cl;
    if (workload_service(r->st, a, service, &f) != SVC_OK) return;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"workload\">Workload</h2>");
    html_f(
        b,
        "<p class=\"govuk-body\" id=\"workload-figures\">Workers saying their workload is unmanageable: %d open, of which"
        " %d not answered in time and gone up the line; %d answered in the last 12 months.</p>",
        f.open, f.gone_up, f.answered);
    if (caseload_service(r->st, a, service, &cl) == SVC_OK) {
        html_f(b, "<p class=\"govuk-body\">Caseloads: %d at the level to watch, %d over the maximum.</p>", cl.watched,
               cl.over);
        caseload_table(r, &cl, "Caseloads to watch or over the maximum", true, true);
        caseload_list_free(&cl);
    }
    html_f(b,
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/services/%u/feedback\">How supervision feels in"
           " this service</a></p>",
           service);
}

void page_service(Req *r)
{
    SvcActor a = web_actor(r);
    ServiceView v;
    SvcResult rc = view_service_teams(r->st, &a, r->arg, &v);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK) {
        /* No such service is answered as refused, as for teams. */
        char what[160];
        strfmt(what, sizeof what, "service \"%s\"", r->arg);
        return page_refused(r, what);
    }
    /* The figures add up: each team's is kept until its data changes. */
    char key[160];
    strfmt(key, sizeof key, "service|%s", v.name);
    ScopeFigures sf;
    if (!due_scope_figures(r, &a, key, STORE_GEN_SERVICE, v.name, &v.filter, &sf)) {
        view_service_free(&v);
        return;
    }
    for (size_t k = 0; k < v.nteams; k++) {
        ServiceTeam *t = &v.teams[k];
        for (size_t i = 0; i < sf.n; i++) {
            if (strcmp(sf.teams[i], t->name) != 0) continue;
            const DueFigures *f = &sf.figures[i];
            t->staff = f->staff.all, t->staff_over = f->staff.over, t->staff_ok = f->staff.all - f->staff.over;
            t->cases = f->cases.all, t->cases_over = f->cases.over, t->cases_ok = f->cases.all - f->cases.over;
            t->other_over = f->other_over;
        }
    }
    Buf *b = &r->rs->body;
    page_start(r, v.name, "/services");
    html_f(b, "<span class=\"govuk-caption-l\">Service</span><h1 class=\"govuk-heading-l\">%s</h1>", v.name);
    due_tally_line(b, &sf.sum.staff, "person", "people");
    due_tally_line(b, &sf.sum.cases, "open case", "open cases");
    scope_figures_free(&sf);
    static const char *const heads[] = {"Team",
                                        "Manager",
                                        "Staff within policy",
                                        "Staff overdue",
                                        "Cases within policy",
                                        "Cases overdue",
                                        "Agreements, records, actions and escalations overdue",
                                        NULL};
    table_start(b, "Compliance by team", true, heads);
    for (size_t k = 0; k < v.nteams; k++) {
        const ServiceTeam *t = &v.teams[k];
        html_f(b,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
               "<a class=\"govuk-link\" href=\"/teams/%u\">%s</a></td><td class=\"govuk-table__cell\">",
               t->name, t->name);
        if (t->manager_id[0])
            link_person(b, t->manager_id, t->manager_name);
        else
            HTML_RAW(b, "none");
        HTML_RAW(b, "</td>");
        percent_cell(b, t->staff_ok, t->staff);
        number_cell(b, t->staff_over);
        percent_cell(b, t->cases_ok, t->cases);
        number_cell(b, t->cases_over);
        number_cell(b, t->other_over);
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    html_f(b, "<p class=\"govuk-body-s\">Within policy: not overdue today (due soon counts as within policy).</p>");
    workload_part(r, &a, v.name);
    view_service_free(&v);
    page_end(r);
}
