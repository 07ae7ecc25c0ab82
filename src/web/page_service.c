/* page_service.c: the list of services and one service's figures by team
 * (view_service.h). */
#include <string.h>

#include "svc/view_service.h"
#include "svc/workload.h"
#include "web/page_lists.h"
#include "web/routes.h"

/* The services as a table: the page's list and its download. */
static void services_table(Table *t, const ServiceList *l)
{
    static const char *const heads[] = {"Service", "Teams", NULL};
    static const TableType types[] = {TABLE_TEXT, TABLE_INTEGER};
    table_init(t, "Services", heads, types);
    for (size_t i = 0; i < l->n; i++) {
        char href[1024];
        table_text(t, l->services[i].name, table_href(href, sizeof href, "/services/", l->services[i].name));
        table_int(t, (int64_t)l->services[i].teams, NULL);
    }
}

void page_services(Req *r)
{
    SvcActor a = web_actor(r);
    ServiceList l;
    SvcResult rc = view_services(r->st, &a, &l);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK) return page_refused(r, "the list of services");
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f != EXPORT_NONE) {
        if (f != EXPORT_ANSWERED && strcmp(table, "services") != 0) export_unknown(r);
        if (f != EXPORT_ANSWERED && strcmp(table, "services") == 0) {
            Table t;
            services_table(&t, &l);
            export_send(r, &t, f, "services");
            table_free(&t);
        }
        return view_services_free(&l);
    }
    Buf *b = &r->rs->body;
    page_start(r, "Services", "/services");
    html_f(b, "<h1 class=\"govuk-heading-l\">Services</h1><ul class=\"govuk-list\">");
    for (size_t i = 0; i < l.n; i++) {
        char teams[COUNT_WORDS_CHARS];
        html_f(b, "<li><a class=\"govuk-link\" href=\"/services/%u\">%s</a> (%s)</li>", l.services[i].name,
               l.services[i].name, count_words((long)l.services[i].teams, "team", "teams", teams));
    }
    HTML_RAW(b, "</ul>");
    if (!l.n)
        html_f(b, "<p class=\"govuk-body\">No services are recorded yet (see oversight import teams).</p>");
    else
        export_links(b, "services", NULL);
    view_services_free(&l);
    page_end(r);
}

/* A service's figures by team as a table: the page's and its download's.
 * A share of nobody is "none". */
static void teams_table(Table *t, const ServiceView *v)
{
    static const char *const heads[] = {"Team",
                                        "Manager",
                                        "Staff within policy",
                                        "Staff overdue",
                                        "Cases within policy",
                                        "Cases overdue",
                                        "Agreements, records, actions and escalations overdue",
                                        NULL};
    static const TableType types[] = {TABLE_TEXT,    TABLE_TEXT,    TABLE_PERCENT, TABLE_INTEGER,
                                      TABLE_PERCENT, TABLE_INTEGER, TABLE_INTEGER};
    table_init(t, "Compliance by team", heads, types);
    for (size_t k = 0; k < v->nteams; k++) {
        const ServiceTeam *s = &v->teams[k];
        char href[1024];
        table_text(t, s->name, table_href(href, sizeof href, "/teams/", s->name));
        if (s->manager_id[0])
            table_text(t, s->manager_name[0] ? s->manager_name : s->manager_id,
                       table_href(href, sizeof href, "/people/", s->manager_id));
        else
            table_text(t, "none", NULL);
        if (s->staff)
            table_percent(t, (s->staff_ok * 100 + s->staff / 2) / s->staff, NULL);
        else
            table_text(t, "none", NULL);
        table_int(t, s->staff_over, NULL);
        if (s->cases)
            table_percent(t, (s->cases_ok * 100 + s->cases / 2) / s->cases, NULL);
        else
            table_text(t, "none", NULL);
        table_int(t, s->cases_over, NULL);
        table_int(t, s->other_over, NULL);
    }
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
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f == EXPORT_ANSWERED) return view_service_free(&v);
    if (f != EXPORT_NONE && strcmp(table, "teams") != 0) {
        export_unknown(r);
        return view_service_free(&v);
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
            const DueFigures *fig = &sf.figures[i];
            t->staff = fig->staff.all, t->staff_over = fig->staff.over, t->staff_ok = fig->staff.all - fig->staff.over;
            t->cases = fig->cases.all, t->cases_over = fig->cases.over, t->cases_ok = fig->cases.all - fig->cases.over;
            t->other_over = fig->other_over;
        }
    }
    Table t;
    teams_table(&t, &v);
    if (f != EXPORT_NONE) {
        char name[300];
        strfmt(name, sizeof name, "service-%s-teams", v.name);
        export_send(r, &t, f, name);
        table_free(&t);
        scope_figures_free(&sf);
        return view_service_free(&v);
    }
    Buf *b = &r->rs->body;
    page_start(r, v.name, "/services");
    html_f(b, "<span class=\"govuk-caption-l\">Service</span><h1 class=\"govuk-heading-l\">%s</h1>", v.name);
    html_f(b,
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/services/%u/trends\">Compliance over time</a>:"
           " a year month by month, and the cases and people behind each figure.</p>",
           v.name);
    due_tally_line(b, &sf.sum.staff, "person", "people");
    due_tally_line(b, &sf.sum.cases, "open case", "open cases");
    scope_figures_free(&sf);
    table_html(b, &t, true, "teams", NULL);
    table_free(&t);
    html_f(b, "<p class=\"govuk-body-s\">Within policy: not overdue today (due soon counts as within policy).</p>");
    html_f(b,
           "<h2 class=\"govuk-heading-m\">Quality audits</h2><p class=\"govuk-body\"><a class=\"govuk-link\""
           " href=\"/services/%u/audits\">The audit samples and their results by quarter</a></p>",
           v.name);
    workload_part(r, &a, v.name);
    view_service_free(&v);
    page_end(r);
}
