/* page_workload.c: caseloads and workload concerns (svc/workload.h): the
 * list of one's own and of those one may answer, raising one, one concern
 * with its answer, and the caseload tables the team and service pages and
 * My supervision share. The services decide. */
#include <string.h>

#include "svc/workload.h"
#include "web/frame.h"
#include "web/routes.h"

/* ---- caseloads ---- */

void caseload_table(Req *r, const CaseloadList *l, const char *caption, bool with_team, bool only_flagged)
{
    Buf *b = &r->rs->body;
    size_t shown = 0;
    for (size_t i = 0; i < l->n; i++)
        shown += !only_flagged || l->rows[i].level == CASELOAD_WATCH || l->rows[i].level == CASELOAD_OVER;
    if (!shown) {
        html_f(b, "<p class=\"govuk-body\">%s</p>",
               only_flagged ? "Nobody's caseload is at the level to watch or over the maximum." : "Nobody is in post.");
        return;
    }
    html_table_area_start(b, caption);
    html_f(b,
           "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">%s</caption>"
           "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
           "<th scope=\"col\" class=\"govuk-table__header\">Worker</th>",
           caption);
    if (with_team) HTML_RAW(b, "<th scope=\"col\" class=\"govuk-table__header\">Team</th>");
    HTML_RAW(b, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Open cases</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Watch at</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Maximum</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Caseload</th></tr></thead>"
                "<tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < l->n; i++) {
        const CaseloadRow *c = &l->rows[i];
        if (only_flagged && c->level != CASELOAD_WATCH && c->level != CASELOAD_OVER) continue;
        char watch[12], max[12];
        strfmt(watch, sizeof watch, "%d", c->watch);
        strfmt(max, sizeof max, "%d", c->max);
        html_f(b,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
               "href=\"/people/%u\">%s</a></td>",
               c->id, c->name);
        if (with_team) html_f(b, "<td class=\"govuk-table__cell\">%s</td>", c->team);
        const char *tag = c->level == CASELOAD_OVER     ? "govuk-tag--red"
                          : c->level == CASELOAD_WATCH  ? "govuk-tag--yellow"
                          : c->level == CASELOAD_WITHIN ? "govuk-tag--green"
                                                        : "govuk-tag--grey";
        html_f(b,
               "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
               "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
               "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
               "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag %s\">%s</strong></td></tr>",
               c->cases, c->watch ? watch : "none", c->max ? max : "none", tag, caseload_level_words(c->level));
    }
    HTML_RAW(b, "</tbody></table>");
    html_table_area_end(b);
}

/* ---- workload concerns ---- */

static const char *level_words(const Workload *x)
{
    return x->level == 0   ? "The supervisor"
           : x->level == 1 ? "The supervisor's line manager"
                           : "The service's senior managers";
}

static void concern_rows(Req *r, const WorkloadList *l, const char *caption)
{
    Buf *b = &r->rs->body;
    html_table_area_start(b, caption);
    html_f(
        b,
        "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">%s</caption>"
        "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
        "<th scope=\"col\" class=\"govuk-table__header\">Raised</th><th scope=\"col\" class=\"govuk-table__header\">Worker</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">With</th><th scope=\"col\" class=\"govuk-table__header\">Status</th>"
        "</tr></thead><tbody class=\"govuk-table__body\">",
        caption);
    for (size_t i = 0; i < l->n; i++) {
        const Workload *x = &l->items[i];
        char d[WEB_DATE_CHARS], ref[24];
        strfmt(ref, sizeof ref, "%lld", (long long)x->ref);
        html_f(b,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
               "href=\"/workload/%u\">%s</a></td><td class=\"govuk-table__cell\">%s</td>"
               "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>",
               ref, web_date_of(x->raised_date, d), x->staff_name, level_words(x), x->open ? "Open" : "Answered");
    }
    HTML_RAW(b, "</tbody></table>");
    html_table_area_end(b);
}

void workload_raise_form(Req *r, const SvcError *e)
{
    Buf *b = &r->rs->body;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"raise\">Your workload is unmanageable</h2>"
              "<p class=\"govuk-body\">Say so in writing: it goes to your supervisor, and if they have not answered"
              " within the policy's time, to their line manager and then the service's senior managers.</p>");
    form_start(r, "/workload");
    form_textarea(r, "text", "What makes it unmanageable", "A case, or the number and complexity of your cases", "", 4,
                  e);
    form_button(r, "Tell my supervisor", true);
    form_end(r);
}

static void workloads_page(Req *r, const SvcError *e)
{
    SvcActor a = web_actor(r);
    WorkloadList mine, with_me;
    if (workload_mine(r->st, &a, &mine) != SVC_OK) return page_server_error(r);
    if (workload_with_me(r->st, &a, &with_me) != SVC_OK) {
        workload_list_free(&mine);
        return page_server_error(r);
    }
    Buf *b = &r->rs->body;
    page_start(r, e && e->message[0] ? "Error: Workload" : "Workload", "/supervision");
    form_problem(r, e);
    html_f(b, "<h1 class=\"govuk-heading-l\">Workload</h1>");
    if (with_me.n) concern_rows(r, &with_me, "Waiting for your answer");
    if (mine.n)
        concern_rows(r, &mine, "What you said about your workload");
    else if (!with_me.n)
        html_f(b, "<p class=\"govuk-body\">No workload concerns involve you.</p>");
    workload_list_free(&mine);
    workload_list_free(&with_me);
    if (r->v->viewer.staff_ref) workload_raise_form(r, e);
    page_end(r);
}

void page_workloads(Req *r) { workloads_page(r, NULL); }

void post_workload_raise(Req *r)
{
    SvcActor a = web_actor(r);
    SvcError e = {0};
    int64_t ref = 0;
    SvcResult rc = workload_raise(r->st, &a, http_form(r->rq, "text"), &ref, &e);
    if (web_svc_refusal(r, rc, "a workload concern")) return;
    if (rc != SVC_OK) return workloads_page(r, &e);
    char to[64];
    strfmt(to, sizeof to, "/workload/%lld", (long long)ref);
    http_redirect(r->rs, to);
}

static void workload_page(Req *r, int64_t ref, const SvcError *e)
{
    SvcActor a = web_actor(r);
    WorkloadList l;
    SvcResult rc = workload_get(r->st, &a, ref, &l);
    if (web_svc_refusal(r, rc, "a workload concern")) return;
    const Workload *x = &l.items[0];
    Buf *b = &r->rs->body;
    page_start(r, e && e->message[0] ? "Error: Workload concern" : "Workload concern", "/supervision");
    form_problem(r, e);
    html_f(b, "<span class=\"govuk-caption-l\">Workload concern</span><h1 class=\"govuk-heading-l\">%s</h1>",
           x->staff_name);
    char d[WEB_DATE_CHARS], at[WEB_DATE_CHARS + 8];
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    web_time(x->raised_at, at);
    web_summary_row(b, "Raised", at);
    web_summary_row(b, "With", level_words(x));
    web_summary_row(b, "Supervisor", x->supervisor_name[0] ? x->supervisor_name : "none");
    if (x->level >= 1) web_summary_row(b, "Line manager", x->line_manager_name[0] ? x->line_manager_name : "none");
    if (x->open)
        web_summary_row(b, x->level < 2 ? "Goes up the line after" : "Answer by", web_date_of(x->respond_by, d));
    web_summary_row(b, "Status", x->open ? "Open" : "Answered");
    HTML_RAW(b, "</dl>");
    html_f(b, "<h2 class=\"govuk-heading-m\">What makes it unmanageable</h2>");
    web_prose(b, x->text);
    if (!x->open) {
        web_time(x->responded_at, at);
        html_f(b, "<h2 class=\"govuk-heading-m\">What will change</h2><p class=\"govuk-body\">%s, %s</p>",
               x->responded_by, at);
        web_prose(b, x->response);
    }
    if (x->may_respond) {
        char action[64];
        strfmt(action, sizeof action, "/workload/%lld/respond", (long long)ref);
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"respond\">Answer</h2>");
        form_start(r, action);
        form_textarea(r, "response", "What will change", "This closes it; the worker is told", "", 4, e);
        form_button(r, "Send the answer", false);
        form_end(r);
    }
    workload_list_free(&l);
    page_end(r);
}

void page_workload(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    workload_page(r, ref, NULL);
}

void post_workload_respond(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    SvcResult rc = workload_respond(r->st, &a, ref, http_form(r->rq, "response"), &e);
    if (web_svc_refusal(r, rc, "a workload concern")) return;
    if (rc != SVC_OK) return workload_page(r, ref, &e);
    char to[64];
    strfmt(to, sizeof to, "/workload/%lld", (long long)ref);
    http_redirect(r->rs, to);
}
