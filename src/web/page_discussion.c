/* page_discussion.c: case discussions outside individual supervision: an
 * informal discussion of one case, and a group session. */
#include <stdlib.h>
#include <string.h>

#include "svc/choices.h"
#include "svc/discussion.h"
#include "web/frame.h"
#include "web/routes.h"

/* Choices as a select's options (label, value), with a first "choose" one. */
static HtmlLink *options_of(const Choices *c, const char *first)
{
    HtmlLink *o = xcalloc(c->n + 1, sizeof *o);
    o[0] = (HtmlLink){first, ""};
    for (size_t i = 0; i < c->n; i++) o[i + 1] = (HtmlLink){c->items[i].label, c->items[i].id};
    return o;
}

static void informal_page(Req *r, const SvcError *e)
{
    Buf *b = &r->rs->body;
    char today[11];
    date_format(web_today(), today);
    SvcActor a = web_actor(r);
    Choices cases;
    if (choices_informal_cases(r->st, &a, &cases) != SVC_OK) return page_server_error(r);
    page_start(r, e && e->message[0] ? "Error: Informal case discussion" : "Informal case discussion", "/supervision");
    form_problem(r, e);
    html_f(
        b,
        "<h1 class=\"govuk-heading-l\">Record an informal case discussion</h1>"
        "<p class=\"govuk-body\">A decision made outside a session. It counts as a case discussion, not as supervision.</p>");
    form_start(r, "/discussions");
    /* The cases they may record it for, chosen, never typed. */
    HtmlLink *options = options_of(&cases, "Choose a case");
    form_select(r, "case", "Case", "Your open cases and those of the people you supervise", options, cases.n + 1,
                http_query(r->rq, "case"), e);
    free(options);
    choices_free(&cases);
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

/* Who attended: a checkbox for each person the leader may record (choices.h),
 * named attendee-ID; the fieldset carries the error. */
static void attendee_boxes(Req *r, const Choices *people, const SvcError *e)
{
    Buf *b = &r->rs->body;
    bool bad = r->form_posted && e && strcmp(e->field, "attendees") == 0;
    html_f(b,
           "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" id=\"attendees\""
           " aria-describedby=\"attendees-hint%s\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">"
           "Who attended</legend><div id=\"attendees-hint\" class=\"govuk-hint\">Choose at least two: the people you"
           " supervise or manage</div>",
           bad ? " govuk-form-group--error" : "", bad ? " attendees-error" : "");
    if (bad)
        html_f(b,
               "<p id=\"attendees-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:"
               "</span> %s</p>",
               e->message);
    if (!people->n) html_f(b, "<p class=\"govuk-body\">Nobody is supervised or managed by you.</p>");
    HTML_RAW(b, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
    for (size_t i = 0; i < people->n; i++) {
        char name[80];
        strfmt(name, sizeof name, "attendee-%s", people->items[i].id);
        form_checkbox(r, name, people->items[i].label, false);
    }
    HTML_RAW(b, "</div></fieldset></div>");
}

static void group_page(Req *r, const SvcError *e)
{
    Buf *b = &r->rs->body;
    char today[11];
    date_format(web_today(), today);
    SvcActor a = web_actor(r);
    Choices people;
    if (choices_group_attendees(r->st, &a, &people) != SVC_OK) return page_server_error(r);
    page_start(r, e && e->message[0] ? "Error: Group session" : "Group session", "/supervision");
    form_problem(r, e);
    html_f(
        b,
        "<h1 class=\"govuk-heading-l\">Record a group session</h1><p class=\"govuk-body\">Group supervision complements"
        " individual supervision and never replaces it: its cases count as discussed, its attendees are not"
        " counted as supervised.</p>");
    form_start(r, "/group-sessions");
    form_date(r, "date", "Date", NULL, today, e);
    attendee_boxes(r, &people, e);
    choices_free(&people);
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
    /* Those ticked (attendee-ID); a client may post their ids as one field. */
    Choices people;
    if (choices_group_attendees(r->st, &a, &people) != SVC_OK) {
        free(abuf);
        free(cbuf);
        return page_server_error(r);
    }
    for (size_t i = 0; i < people.n && nids < 64; i++) {
        char name[80];
        if (http_form(r->rq, strfmt(name, sizeof name, "attendee-%s", people.items[i].id)))
            ids[nids++] = people.items[i].id;
    }
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
    if (rc == SVC_OK && nids < 2)
        rc = svc_fail(&e, SVC_INVALID, "attendees", "Choose at least two people who attended");
    if (rc == SVC_OK) rc = group_session(r->st, &a, date, ids, nids, cases, ncases, &e);
    choices_free(&people);
    free(abuf);
    free(cbuf);
    if (web_svc_refusal(r, rc, "a group session")) return;
    if (rc != SVC_OK) return group_page(r, &e);
    http_redirect(r->rs, "/supervision");
}
