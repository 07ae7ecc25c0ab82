/* page_discussion.c: case discussions outside individual supervision: an
 * informal discussion of one case, and a group session. */
#include <stdlib.h>
#include <string.h>

#include "svc/discussion.h"
#include "web/frame.h"
#include "web/routes.h"

static void informal_page(Req *r, const SvcError *e)
{
    Buf *b = &r->rs->body;
    char today[11];
    date_format(web_today(), today);
    page_start(r, e && e->message[0] ? "Error: Informal case discussion" : "Informal case discussion", "/supervision");
    form_problem(r, e);
    html_f(
        b,
        "<h1 class=\"govuk-heading-l\">Record an informal case discussion</h1>"
        "<p class=\"govuk-body\">A decision made outside a session. It counts as a case discussion, not as supervision.</p>");
    form_start(r, "/discussions");
    form_input(r, "case", "Case id", NULL, http_query(r->rq, "case"), "govuk-input--width-10", e);
    form_date(r, "date", "Date", NULL, today, e);
    form_textarea(r, "decision", "Decision", NULL, "", 3, e);
    form_textarea(r, "rationale", "Why (optional)", NULL, "", 2, e);
    form_button(r, "Record the discussion", false);
    form_end(r);
    page_end(r);
}

void page_informal(Req *r) { informal_page(r, NULL); }

void post_informal(Req *r)
{
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *case_id = http_form(r->rq, "case");
    char day[11];
    const char *date = form_date_read(r, "date", "Date", "the date of the discussion", day, &e);
    SvcResult rc = date ? discussion_informal(r->st, &a, case_id, date, http_form(r->rq, "decision"),
                                              http_form(r->rq, "rationale"), &e)
                        : SVC_INVALID;
    if (web_svc_refusal(r, rc, "a case discussion")) return;
    if (rc != SVC_OK) return informal_page(r, &e);
    char to[96];
    strfmt(to, sizeof to, "/cases/%s", case_id);
    http_redirect(r->rs, to);
}

static void group_page(Req *r, const SvcError *e)
{
    Buf *b = &r->rs->body;
    char today[11];
    date_format(web_today(), today);
    page_start(r, e && e->message[0] ? "Error: Group session" : "Group session", "/supervision");
    form_problem(r, e);
    html_f(
        b,
        "<h1 class=\"govuk-heading-l\">Record a group session</h1><p class=\"govuk-body\">Group supervision complements"
        " individual supervision and never replaces it: its cases count as discussed, its attendees are not"
        " counted as supervised.</p>");
    form_start(r, "/group-sessions");
    form_date(r, "date", "Date", NULL, today, e);
    form_textarea(r, "attendees", "Who attended", "Staff ids, separated by spaces or commas", "", 2, e);
    form_textarea(r, "cases", "Cases discussed and the decision on each",
                  "One per line: the case id, a colon, the decision. For example: C00012: keep the plan as it is", "",
                  6, e);
    form_button(r, "Record the group session", false);
    form_end(r);
    page_end(r);
}

void page_group(Req *r) { group_page(r, NULL); }

void post_group(Req *r)
{
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *att = http_form(r->rq, "attendees"), *cs = http_form(r->rq, "cases");
    char *abuf = xstrdup(att ? att : ""), *cbuf = xstrdup(cs ? cs : "");
    const char *ids[64];
    size_t nids = 0;
    for (char *save = NULL, *t = strtok_r(abuf, " ,;\t\r\n", &save); t && nids < 64;
         t = strtok_r(NULL, " ,;\t\r\n", &save))
        ids[nids++] = t;
    GroupCase cases[64];
    size_t ncases = 0;
    char day[11];
    const char *date = form_date_read(r, "date", "Date", "the date of the session", day, &e);
    SvcResult rc = date ? SVC_OK : SVC_INVALID;
    for (char *save = NULL, *line = strtok_r(cbuf, "\r\n", &save); line && rc == SVC_OK;
         line = strtok_r(NULL, "\r\n", &save)) {
        if (!*svc_trim(line)) continue;
        char *colon = strchr(line, ':');
        if (!colon || ncases == 64) {
            rc = svc_fail(&e, SVC_INVALID, "cases", "Write each case as its id, a colon and the decision");
            break;
        }
        *colon = 0;
        cases[ncases++] = (GroupCase){svc_trim(line), svc_trim(colon + 1)};
    }
    if (rc == SVC_OK) rc = group_session(r->st, &a, date, ids, nids, cases, ncases, &e);
    free(abuf);
    free(cbuf);
    if (web_svc_refusal(r, rc, "a group session")) return;
    if (rc != SVC_OK) return group_page(r, &e);
    http_redirect(r->rs, "/supervision");
}
