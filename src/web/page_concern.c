/* page_concern.c: incidents and allegations: the case page's section that
 * lists them, and its forms to record and resolve one. */
#include <string.h>

#include "svc/concern.h"
#include "web/frame.h"
#include "web/routes.h"

/* The prefix of the ids of an open concern's resolve form: a case page has
 * one for each, with the same fields as each other and as the form that
 * records a concern. */
static void resolve_ids(int64_t concern, char *buf, size_t n) { strfmt(buf, n, "resolve-%lld-", (long long)concern); }

void case_concerns_section(Req *r, int64_t case_ref, const char *case_id, const SvcError *e)
{
    ConcernList l;
    if (concerns_of_case(r->st, &r->v->viewer, case_ref, &l) != SVC_OK) return;
    bool writer = l.may_write;
    Buf *b = &r->rs->body;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"concerns\">Incidents and allegations</h2>");
    if (!l.n) html_f(b, "<p class=\"govuk-body\">None recorded.</p>");
    for (size_t i = 0; i < l.n; i++) {
        const Concern *k = &l.items[i];
        char d[WEB_DATE_CHARS], d2[WEB_DATE_CHARS];
        bool open = !k->resolved_date[0];
        html_f(b,
               "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
               "<h3 class=\"govuk-summary-card__title\">%s, %s <strong class=\"govuk-tag %s\">%s</strong></h3></div>"
               "<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
               strcmp(k->kind, "incident") == 0 ? "Incident" : "Allegation", web_date_of(k->raised_date, d),
               open ? "govuk-tag--red" : "govuk-tag--green", open ? "Open until resolved" : "Resolved");
        web_summary_row(b, "What happened", k->text);
        web_summary_row(b, "Recorded by", k->raised_by);
        if (!open) {
            web_summary_row(b, "Resolved", web_date_of(k->resolved_date, d2));
            web_summary_row(b, "How", k->resolution);
        }
        HTML_RAW(b, "</dl>");
        if (open && writer) {
            char action[64], ids[48];
            strfmt(action, sizeof action, "/concerns/%lld/resolve", (long long)k->ref);
            resolve_ids(k->ref, ids, sizeof ids);
            form_start_ids(r, action, ids, true);
            form_textarea(r, "resolution", "How it was resolved", NULL, "", 2, e);
            form_date(r, "concern-date", "Date resolved", NULL, "", e);
            form_button(r, "Record it as resolved", true);
            form_end(r);
        }
        HTML_RAW(b, "</div></div>");
    }
    concern_list_free(&l);
    if (!writer) return;
    char action[128], today[11];
    date_format(web_today(), today);
    strfmt(action, sizeof action, "/cases/%s/concerns", case_id);
    html_f(b, "<h3 class=\"govuk-heading-s\">Record an incident or allegation</h3>");
    form_start(r, action);
    HtmlLink kinds[] = {{"Incident", "incident"}, {"Allegation", "allegation"}};
    form_select(r, "concern-kind", "Kind", NULL, kinds, 2, "incident", e);
    form_date(r, "concern-date", "Date", NULL, today, e);
    form_textarea(r, "concern-text", "What happened", NULL, "", 3, e);
    form_button(r, "Record it", true);
    form_end(r);
}

void post_concern_raise(Req *r)
{
    SvcActor a = web_actor(r);
    SvcError e = {0};
    char day[11];
    const char *date = form_date_read(r, "concern-date", "Date", "the date it happened", day, &e);
    SvcResult rc = date ? concern_raise(r->st, &a, r->arg, http_form(r->rq, "concern-kind"), date,
                                        http_form(r->rq, "concern-text"), &e)
                        : SVC_INVALID;
    if (web_svc_refusal(r, rc, "recording an incident")) return;
    if (rc != SVC_OK) return page_case_with(r, &e);
    char to[128];
    strfmt(to, sizeof to, "/cases/%s#concerns", r->arg);
    http_redirect(r->rs, to);
}

void post_concern_resolve(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    char day[11];
    const char *date = form_date_read(r, "concern-date", "Date resolved", "the date it was resolved", day, &e);
    SvcResult rc = date ? concern_resolve(r->st, &a, ref, date, http_form(r->rq, "resolution"), &e) : SVC_INVALID;
    if (web_svc_refusal(r, rc, "resolving an incident")) return;
    char case_id[65];
    if (web_svc_refusal(r, concern_case_id(r->st, &r->v->viewer, ref, case_id), "an incident")) return;
    if (rc != SVC_OK) { /* the case page again, the problem at this concern's form */
        if (e.field[0]) {
            char ids[48], field[sizeof e.field];
            resolve_ids(ref, ids, sizeof ids);
            strfmt(field, sizeof field, "%s%s", ids, e.field);
            strfmt(e.field, sizeof e.field, "%s", field);
        }
        r->arg = case_id;
        return page_case_with(r, &e);
    }
    char to[128];
    strfmt(to, sizeof to, "/cases/%s#concerns", case_id);
    http_redirect(r->rs, to);
}
