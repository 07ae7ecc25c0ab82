/* page_escalation.c: escalations: the list of those that involve the viewer,
 * raising one about not receiving supervision, and one escalation with its
 * history, a response and taking it further. The services decide. */
#include <string.h>

#include "svc/escalation.h"
#include "web/frame.h"
#include "web/routes.h"

static void escalation_row(Req *r, const Escalation *x)
{
    Buf *b = &r->rs->body;
    char d[WEB_DATE_CHARS], ref[24];
    strfmt(ref, sizeof ref, "%lld", (long long)x->ref);
    html_f(
        b,
        "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/escalations/%u\">%s</a></td>"
        "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
        "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>",
        ref, strcmp(x->subject, "disagreement") == 0 ? "Disagreement with a record" : "Not receiving supervision",
        x->supervisee_name,
        x->level == 1 ? (x->assignee_name[0] ? x->assignee_name : "line manager") : "senior managers",
        web_date_of(x->respond_by, d), strcmp(x->status, "open") == 0 ? "Open" : "Resolved");
}

static void escalations_page(Req *r, const SvcError *e)
{
    EscalationList l;
    if (escalations_for(r->st, &r->v->viewer, &l) != SVC_OK) return page_server_error(r);
    Buf *b = &r->rs->body;
    page_start(r, e && e->message[0] ? "Error: Escalations" : "Escalations", "/supervision");
    form_problem(r, e);
    html_f(b, "<h1 class=\"govuk-heading-l\">Escalations</h1>");
    if (!l.n)
        html_f(b, "<p class=\"govuk-body\">No escalations involve you.</p>");
    else
        html_table_area_start(b, "Escalations");
    if (l.n)
        HTML_RAW(
            b,
            "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">Escalations</caption>"
            "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
            "<th scope=\"col\" class=\"govuk-table__header\">About</th><th scope=\"col\" class=\"govuk-table__header\">Supervisee</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">With</th><th scope=\"col\" class=\"govuk-table__header\">Respond by</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < l.n; i++) escalation_row(r, &l.items[i]);
    if (l.n) HTML_RAW(b, "</tbody></table>");
    if (l.n) html_table_area_end(b);
    escalation_list_free(&l);
    if (r->v->viewer.staff_ref) {
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"raise\">You are not receiving supervision</h2>");
        form_start(r, "/escalations");
        form_textarea(r, "text", "What is happening", "It goes to your supervisor's line manager first", "", 3, e);
        form_button(r, "Escalate", true);
        form_end(r);
    }
    page_end(r);
}

void page_escalations(Req *r) { escalations_page(r, NULL); }

void post_escalation_raise(Req *r)
{
    SvcActor a = web_actor(r);
    SvcError e = {0};
    int64_t ref = 0;
    SvcResult rc = escalation_raise(r->st, &a, 0, http_form(r->rq, "text"), &ref, &e);
    if (web_svc_refusal(r, rc, "an escalation")) return;
    if (rc != SVC_OK) return escalations_page(r, &e);
    char to[64];
    strfmt(to, sizeof to, "/escalations/%lld", (long long)ref);
    http_redirect(r->rs, to);
}

static void escalation_page(Req *r, int64_t ref, const SvcError *e)
{
    EscalationList l;
    SvcResult rc = escalation_get(r->st, &r->v->viewer, ref, &l);
    if (web_svc_refusal(r, rc, "an escalation")) return;
    const Escalation *x = &l.items[0];
    Buf *b = &r->rs->body;
    page_start(r, e && e->message[0] ? "Error: Escalation" : "Escalation", "/supervision");
    form_problem(r, e);
    html_f(b, "<span class=\"govuk-caption-l\">Escalation</span><h1 class=\"govuk-heading-l\">%s: %s</h1>",
           strcmp(x->subject, "disagreement") == 0 ? "Disagreement with a record" : "Not receiving supervision",
           x->supervisee_name);
    char d[WEB_DATE_CHARS], level[120];
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    strfmt(level, sizeof level, "%s",
           x->level == 1 ? "1: the supervisor's line manager" : "2: the service's senior managers");
    web_summary_row(b, "Level", level);
    web_summary_row(b, "With", x->level == 1 ? x->assignee_name : x->service);
    web_summary_row(b, "Respond by", web_date_of(x->respond_by, d));
    web_summary_row(b, "Status", strcmp(x->status, "open") == 0 ? "Open" : "Resolved");
    HTML_RAW(b, "</dl>");
    if (x->record_ref)
        html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/records/%ld\">The record</a></p>",
               (long)x->record_ref);
    html_f(b, "<h2 class=\"govuk-heading-m\">History</h2>");
    for (size_t i = 0; i < x->nevents; i++) {
        char at[WEB_DATE_CHARS + 8];
        web_time(x->events[i].at, at);
        html_f(b, "<h3 class=\"govuk-heading-s\">%s, %s (%s)</h3>", x->events[i].kind, x->events[i].by_name, at);
        web_prose(b, x->events[i].text);
    }
    char action[64];
    if (x->may_respond) {
        strfmt(action, sizeof action, "/escalations/%lld/respond", (long long)ref);
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"respond\">Respond</h2>");
        form_start(r, action);
        form_textarea(r, "response", "Your response", NULL, "", 4, e);
        HTML_RAW(b, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\">");
        form_checkbox(r, "resolved", "This resolves it", false);
        HTML_RAW(b, "</div></div>");
        form_button(r, "Send the response", false);
        form_end(r);
    }
    if (x->may_escalate) {
        strfmt(action, sizeof action, "/escalations/%lld/escalate", (long long)ref);
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"further\">Take it further</h2>");
        form_start(r, action);
        form_textarea(r, "text", "Why it needs a senior manager", NULL, "", 3, e);
        form_button(r, "Escalate to a senior manager", true);
        form_end(r);
    }
    escalation_list_free(&l);
    page_end(r);
}

void page_escalation(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    escalation_page(r, ref, NULL);
}

static void escalation_answer(Req *r, int64_t ref, SvcResult rc, const SvcError *e)
{
    if (web_svc_refusal(r, rc, "an escalation")) return;
    if (rc != SVC_OK) return escalation_page(r, ref, e);
    char to[64];
    strfmt(to, sizeof to, "/escalations/%lld", (long long)ref);
    http_redirect(r->rs, to);
}

void post_escalation_respond(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    SvcResult rc =
        escalation_respond(r->st, &a, ref, http_form(r->rq, "response"), http_form(r->rq, "resolved") != NULL, &e);
    escalation_answer(r, ref, rc, &e);
}

void post_escalation_escalate(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    escalation_answer(r, ref, escalation_escalate(r->st, &a, ref, http_form(r->rq, "text"), &e), &e);
}
