/* page_action.c: an action agreed in supervision (svc/action.h): what is
 * to be done, by whom and when, where it stands, every follow-up, and the
 * owner's and the supervisor's steps; and an action as a row of the other
 * pages' lists (the record, the person, the sessions). */
#include <string.h>

#include "svc/action.h"
#include "web/routes.h"

const char *action_state_words(const Action *x)
{
    return strcmp(x->status, "done") == 0      ? "done"
           : strcmp(x->status, "dropped") == 0 ? "dropped"
           : x->reported_at                    ? "done, waiting for the supervisor to confirm"
                                               : "open";
}

static void updates_list(Buf *b, const Action *x)
{
    for (size_t k = 0; k < x->nupdates; k++) {
        const ActionUpdate *u = &x->updates[k];
        char at[WEB_DATE_CHARS + 8];
        web_time(u->at, at);
        html_f(b, "<li class=\"govuk-body-s\">%s, %s: %s", at, u->by_name,
               u->reported                      ? "says it is done"
               : strcmp(u->status, "open") == 0 ? "still open"
                                                : u->status);
        if (u->record_ref) {
            char d[WEB_DATE_CHARS];
            html_f(b, " (at the <a class=\"govuk-link\" href=\"/records/%ld\">supervision of %s</a>)",
                   (long)u->record_ref, web_date_of(u->record_date, d));
        }
        if (u->note[0]) html_f(b, ": <span class=\"app-prose\">%s</span>", u->note);
        HTML_RAW(b, "</li>");
    }
}

void action_list_item(Buf *b, const Action *x)
{
    char d[WEB_DATE_CHARS];
    html_f(b, "<li><a class=\"govuk-link\" href=\"/actions/%ld\">%s</a> (%s, by %s): %s", (long)x->ref, x->text,
           x->owner_name, web_date_of(x->due, d), action_state_words(x));
    if (x->nupdates) {
        HTML_RAW(b, "<ul class=\"govuk-list govuk-!-margin-top-1\">");
        updates_list(b, x);
        HTML_RAW(b, "</ul>");
    }
    HTML_RAW(b, "</li>");
}

static void action_page(Req *r, int64_t ref, const SvcError *e)
{
    SvcActor a = web_actor(r);
    ActionView v;
    if (web_svc_refusal(r, action_view(r->st, &a, ref, &v), "an action")) return;
    const Action *x = &v.action;
    Buf *b = &r->rs->body;
    char title[300], d[WEB_DATE_CHARS], action[64];
    strfmt(title, sizeof title, "%sAction: %.200s", e && e->message[0] ? "Error: " : "", x->text);
    page_start(r, title, "/supervision");
    form_problem(r, e);
    html_f(b,
           "<span class=\"govuk-caption-l\">Action agreed in the supervision of %s</span>"
           "<h1 class=\"govuk-heading-l app-prose\">%s</h1><dl class=\"govuk-summary-list\">",
           v.supervisee_name, x->text);
    web_summary_row(b, "Who does it", x->owner_name);
    web_summary_row(b, "Due by", web_date_of(x->due, d));
    web_summary_row(b, "Where it stands", action_state_words(x));
    if (x->case_id[0])
        html_f(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Case</dt>"
               "<dd class=\"govuk-summary-list__value\"><a class=\"govuk-link\" href=\"/cases/%u\">%s</a></dd></div>",
               x->case_id, x->case_id);
    if (x->record_ref)
        html_f(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Agreed at</dt>"
               "<dd class=\"govuk-summary-list__value\"><a class=\"govuk-link\" href=\"/records/%ld\">the supervision"
               " of %s</a> with %s</dd></div>",
               (long)x->record_ref, web_date_of(x->record_date, d), v.supervisor_name);
    HTML_RAW(b, "</dl><h2 class=\"govuk-heading-m\" id=\"follow-ups\">Follow-ups</h2>");
    if (!x->nupdates) html_f(b, "<p class=\"govuk-body\">Not followed up yet.</p>");
    if (x->nupdates) {
        HTML_RAW(b, "<ul class=\"govuk-list\">");
        updates_list(b, x);
        HTML_RAW(b, "</ul>");
    }
    strfmt(action, sizeof action, "/actions/%lld/done", (long long)ref);
    if (v.may_report) {
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"done\">It is done</h2><p class=\"govuk-body\">%s</p>",
               x->owner_ref == x->supervisor_ref ? "As the supervisor, your word closes it."
                                                 : "Your supervisor is told, and confirms it.");
        form_start(r, action);
        form_textarea(r, "note", "What was done", NULL, "", 3, e);
        form_button(r, "Mark it done", false);
        form_end(r);
    }
    if (v.may_confirm && x->owner_ref != x->supervisor_ref) {
        strfmt(action, sizeof action, "/actions/%lld/confirm", (long long)ref);
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"confirm\">Confirm it</h2>");
        form_start(r, action);
        form_textarea(r, "note", "Note", "Optional when you confirm it; say why when it is not done yet", "", 2, e);
        html_f(
            b,
            "<div class=\"govuk-button-group\">"
            "<button type=\"submit\" name=\"done\" value=\"yes\" class=\"govuk-button\" data-module=\"govuk-button\">"
            "Confirm it is done</button>"
            "<button type=\"submit\" name=\"done\" value=\"no\" class=\"govuk-button govuk-button--secondary\""
            " data-module=\"govuk-button\">It is not done yet</button></div>");
        form_end(r);
    }
    action_view_free(&v);
    page_end(r);
}

void page_action(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    action_page(r, ref, NULL);
}

static void action_answer(Req *r, int64_t ref, SvcResult rc, const SvcError *e)
{
    if (web_svc_refusal(r, rc, "changing an action")) return;
    if (rc != SVC_OK) return action_page(r, ref, e);
    char to[64];
    strfmt(to, sizeof to, "/actions/%lld", (long long)ref);
    http_redirect(r->rs, to);
}

void post_action_done(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    action_answer(r, ref, action_report_done(r->st, &a, ref, http_form(r->rq, "note"), &e), &e);
}

void post_action_confirm(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *done = http_form(r->rq, "done");
    SvcResult rc = action_confirm(r->st, &a, ref, !done || strcmp(done, "no") != 0, http_form(r->rq, "note"), &e);
    action_answer(r, ref, rc, &e);
}
