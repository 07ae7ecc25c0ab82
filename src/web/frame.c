/* frame.c: what every page shares (frame.h): the page's frame with the
 * navigation its visitor may open, whole-page answers, dates as people read
 * them, and how a service's answer becomes an HTTP status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "svc/inbox.h"
#include "svc/session.h"
#include "web/api.h"
#include "web/frame.h"

/* ---- the frame ---- */

/* The navigation a visitor sees: only what they may open. */
static size_t nav_for(const Visitor *v, HtmlLink *nav)
{
    size_t n = 0;
    if (v->staff_id[0]) nav[n++] = (HtmlLink){"My supervision", "/"};
    if (v->staff_id[0]) nav[n++] = (HtmlLink){"Sessions", "/supervision"};
    if (v->staff_id[0]) nav[n++] = (HtmlLink){"My records", "/records"};
    if (v->viewer.manages) nav[n++] = (HtmlLink){"My team", "/team"};
    if (v->viewer.auditor || v->viewer.nservices) nav[n++] = (HtmlLink){"Services", "/services"};
    if (v->viewer.auditor || v->viewer.nservices) nav[n++] = (HtmlLink){"Audits", "/audits"};
    if (v->viewer.admin) nav[n++] = (HtmlLink){"Admin", "/admin"};
    if (v->staff_id[0]) nav[n++] = (HtmlLink){"Inbox", "/inbox"};
    nav[n++] = (HtmlLink){"Your account", "/account"};
    return n;
}

void web_answer_afresh(Req *r) { buf_clear(&r->rs->body); }

void page_start(Req *r, const char *title, const char *current)
{
    HtmlLink nav[10];
    const Visitor *v = r->v;
    char today[WEB_DATE_CHARS];
    web_date(web_today(), today);
    HtmlPage p = {.title = title, .current = current, .printed = today};
    if (v && v->signed_in) {
        p.signed_in_as = v->staff_name[0] ? v->staff_name : v->username;
        p.csrf = v->csrf;
        p.nav = nav;
        p.nnav = nav_for(v, nav);
        p.search = !v->must_enrol; /* page_search.c */
        /* The unread messages beside Inbox: one indexed count (a failure
         * shows no count; the page goes on). */
        int64_t unread = 0;
        if (v->staff_id[0] && r->st && inbox_unread(r->st, &v->viewer, &unread) == SVC_OK && unread > 0) {
            p.count_href = "/inbox";
            p.count = (long)unread;
            p.count_words = unread == 1 ? "unread message" : "unread messages";
        }
    }
    web_answer_afresh(r);
    html_page_start(&r->rs->body, &p);
    account_notice_banner(r);
}

void page_end(Req *r) { html_page_end(&r->rs->body); }

/* ---- whole answers ---- */

static void whole_page(Req *r, int status, const char *title, const char *text)
{
    r->rs->status = status;
    page_start(r, title, NULL);
    html_f(&r->rs->body, "<h1 class=\"govuk-heading-l\">%s</h1><p class=\"govuk-body\">%s</p>", title, text);
    page_end(r);
}

void page_server_error(Req *r)
{
    log_event(r->rq ? r->rq->client : NULL, "database: %s", store_error(r->st));
    if (web_store_busy(r)) {
        whole_page(r, 503, "The service is busy",
                   "Another change is being saved. Nothing you sent has been saved: wait a few seconds and try "
                   "again.");
        return;
    }
    /* Lost under a commit, a change may have been saved after all: its
     * write key makes sending it again safe. */
    if (web_store_unavailable(r)) {
        whole_page(r, 503, "The service is unavailable",
                   "The service cannot reach its database just now. Wait a few seconds and try again: anything"
                   " you sent is saved once at most, however often you send it.");
        return;
    }
    whole_page(r, 500, "Sorry, there is a problem with the service",
               "Try again later. Nothing you sent has been saved.");
}

/* Adds "Retry-After" when yes; returns yes. */
static bool retry_after(Req *r, bool yes)
{
    if (!yes) return false;
    char after[16];
    strfmt(after, sizeof after, "%d", WEB_RETRY_AFTER);
    http_add_header(r->rs, "Retry-After", after);
    return true;
}

bool web_store_busy(Req *r) { return retry_after(r, r->st && store_busy(r->st)); }

bool web_store_unavailable(Req *r) { return retry_after(r, r->st && store_unavailable(r->st)); }

bool web_trail_read(Req *r, const char *kind, int64_t ref, const char *as, const char *detail)
{
    TrailRead read;
    trail_read_set(&read, (int64_t)time(NULL), r->v->username, r->v->viewer.staff_ref, trail_role(&r->v->viewer, as),
                   r->rq->client, kind, ref, detail);
    if (r->app && r->app->trail && trail_note(r->app->trail, &read)) return true;
    /* Fail closed: a read nobody could later see was made is not made. */
    log_event(r->rq->client, "refused %s %s: the read trail cannot record it", r->rq->method, r->rq->path);
    web_answer_afresh(r);
    static const char why[] = "Every reading of supervision records, people's pages, cases and searches is recorded,"
                              " and the record of readings cannot be written just now, so nothing is shown. Wait a few"
                              " seconds and try again.";
    if (api_path(r->rq->path))
        api_error(r, 503, why);
    else
        whole_page(r, 503, "This cannot be shown just now", why);
    retry_after(r, true);
    return false;
}

void page_not_found(Req *r)
{
    whole_page(r, 404, "Page not found", "If you typed the web address, check it is correct.");
}

static void refused_page(Req *r)
{
    whole_page(r, 403, "You cannot see this page",
               "Your account does not give you access to it. If you think it should, ask your manager or an"
               " administrator.");
}

void page_refused(Req *r, const char *what)
{
    access_refused(&r->v->viewer, r->v->username, what, r->rq->client);
    refused_page(r);
}

void page_bad_request(Req *r, const char *why) { whole_page(r, 400, "There is a problem", why); }

void page_conflict(Req *r, const char *why) { whole_page(r, 409, "Someone else changed this first", why); }

void web_error_summary(Buf *b, const char *field_id, const char *problem)
{
    html_f(b,
           "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
           "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
           "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">"
           "<li><a href=\"#%s\">%s</a></li></ul></div></div></div>",
           field_id, problem);
}

/* ---- what was typed, carried through signing in again ---- */

#define CARRIED "carried-"

/* Whether the browser says the form was posted from one of this site's own
 * pages: Sec-Fetch-Site "same-origin", or, from a browser that does not send
 * it, an Origin whose host is the Host asked for. ("Origin: null", which
 * the pages' Referrer-Policy makes some browsers send, and neither header,
 * say nothing, so no.) Another site's page may post a form here too; it
 * must never come back as a page that sends it with a click. */
static bool posted_here(const HttpRequest *rq)
{
    if (!rq->conn) return false;
    const char *site = http_header(rq, "Sec-Fetch-Site");
    if (site) return strcmp(site, "same-origin") == 0;
    const char *origin = http_header(rq, "Origin"), *host = http_header(rq, "Host");
    const char *sep = origin ? strstr(origin, "://") : NULL;
    return sep && host && *host && strcmp(sep + 3, host) == 0;
}

bool web_carry_fits(const Req *r)
{
    size_t n = 0, bytes = 0;
    for (size_t i = 0; i < r->rq->nform; i++) {
        if (strcmp(r->rq->form[i].name, "csrf") == 0) continue;
        n++;
        bytes += strlen(r->rq->form[i].name) + strlen(r->rq->form[i].value);
    }
    return n <= WEB_CARRY_FIELDS && bytes <= WEB_CARRY_BYTES && web_route_carried_to(r->rq->path) && posted_here(r->rq);
}

bool web_carry_wanted(const Req *r) { return web_route_carried_to(r->rq->path) && posted_here(r->rq); }

bool web_carrying(const Req *r)
{
    const char *to = http_form(r->rq, CARRIED "to");
    size_t n = 0;
    for (size_t i = 0; i < r->rq->nform; i++) n += strncmp(r->rq->form[i].name, CARRIED, 8) == 0;
    return to && n <= WEB_CARRY_FIELDS + 1 && web_route_carried_to(to) && posted_here(r->rq);
}

/* Whose the form carried was: the account of the session it was typed in
 * (a field of its own, not a carried one, so never sent on). */
#define TYPED_BY "typed-by"

void web_carry_hidden(Req *r)
{
    Buf *b = &r->rs->body;
    if (web_carrying(r)) {
        for (size_t i = 0; i < r->rq->nform; i++)
            if (strncmp(r->rq->form[i].name, CARRIED, 8) == 0 || strcmp(r->rq->form[i].name, TYPED_BY) == 0)
                html_f(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", r->rq->form[i].name,
                       r->rq->form[i].value);
        return;
    }
    if (strcmp(r->rq->method, "POST") != 0 || !web_carry_fits(r)) return;
    char by[USERNAME_MAX + 1];
    if (session_username(r->st, http_cookie(r->rq, WEB_SESSION_COOKIE), by, sizeof by) == SVC_OK)
        html_f(b, "<input type=\"hidden\" name=\"typed-by\" value=\"%s\">", by);
    html_f(b, "<input type=\"hidden\" name=\"carried-to\" value=\"%s\">", r->rq->path);
    for (size_t i = 0; i < r->rq->nform; i++)
        if (strcmp(r->rq->form[i].name, "csrf") != 0)
            html_f(b, "<input type=\"hidden\" name=\"carried-%s\" value=\"%s\">", r->rq->form[i].name,
                   r->rq->form[i].value);
}

void web_carried_page(Req *r, const char *csrf, const char *username)
{
    Buf *b = &r->rs->body;
    bool carried = web_carrying(r);
    const char *to = carried ? http_form(r->rq, CARRIED "to") : r->rq->path;
    const char *by = carried ? http_form(r->rq, TYPED_BY) : NULL;
    web_answer_afresh(r);
    if (by && *by && strcmp(by, username) != 0) { /* another's typing, on a shared computer: not sent as theirs */
        log_event(r->rq->client, "a form typed by \"%s\" not given back to \"%s\"", by, username);
        HtmlPage other = {.title = "You are signed in"};
        html_page_start(b, &other);
        HTML_RAW(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                    "<h1 class=\"govuk-heading-l\">You are signed in</h1>"
                    "<p class=\"govuk-body\">What was typed in this browser before you signed in was typed by"
                    " someone else, signed in as another account, so it is not given back to you to send.</p>"
                    "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to your home page</a></p>"
                    "</div></div>");
        return html_page_end(b);
    }
    HtmlPage page = {.title = "Send what you typed"};
    html_page_start(b, &page);
    html_f(b,
           "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
           "<h1 class=\"govuk-heading-l\">Send what you typed</h1>"
           "<p class=\"govuk-body\">You are signed in. What you typed is kept, but it has not been saved yet:"
           " send it now to save it (and to do what you pressed).</p>"
           "<form method=\"post\" action=\"%s\" novalidate><input type=\"hidden\" name=\"csrf\" value=\"%s\">",
           to, csrf);
    for (size_t i = 0; i < r->rq->nform; i++) {
        const char *name = r->rq->form[i].name;
        if (carried ? strncmp(name, CARRIED, 8) != 0 || strcmp(name, CARRIED "to") == 0 : strcmp(name, "csrf") == 0)
            continue;
        html_f(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", carried ? name + 8 : name, r->rq->form[i].value);
    }
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Send what you typed"
                "</button></form></div></div>");
    html_page_end(b);
}

/* ---- the services' answers ---- */

SvcActor web_actor(const Req *r)
{
    return (SvcActor){.viewer = &r->v->viewer, .pol = r->app->pol, .today = web_today(), .now = (int64_t)time(NULL)};
}

/* A service's refusal or "not found" is logged once, with the route: the
 * services answer someone else's thing as not there (svc/access.h), so
 * either may be a refusal. A change (any POST) answers both with the same
 * 404 page, so a change cannot tell "not yours" from "not there"; a page
 * that is read answers a refusal 403 (the read rules say when existence is
 * itself private, and answer not found then). */
bool web_svc_refusal(Req *r, SvcResult rc, const char *what)
{
    switch (rc) {
    case SVC_REFUSED:
    case SVC_NOT_FOUND: {
        char thing[400];
        strfmt(thing, sizeof thing, "%s (%s %s)", what, r->rq->method, r->rq->path);
        access_refused(&r->v->viewer, r->v->username, thing, r->rq->client);
        if (rc == SVC_REFUSED && strcmp(r->rq->method, "POST") != 0)
            refused_page(r);
        else
            page_not_found(r);
        return true;
    }
    case SVC_FAILED: page_server_error(r); return true;
    case SVC_INVALID: r->rs->status = 400; return false;
    case SVC_CONFLICT: r->rs->status = 409; return false;
    case SVC_OK: return false;
    }
    return false;
}

/* ---- dates, keys and rows ---- */

Date web_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void web_date(Date d, char out[WEB_DATE_CHARS])
{
    static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    strfmt(out, WEB_DATE_CHARS, "%d %s %d", day, months[m - 1], y);
}

void web_date_text(const char *iso, char out[WEB_DATE_CHARS])
{
    Date d;
    if (iso && strlen(iso) == 10 && date_parse(iso, 10, &d))
        web_date(d, out);
    else
        strfmt(out, WEB_DATE_CHARS, "%s", iso ? iso : "");
}

const char *web_date_of(const char *iso, char out[WEB_DATE_CHARS])
{
    web_date_text(iso, out);
    return out;
}

void web_time(int64_t t, char out[WEB_DATE_CHARS + 8])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    char d[11];
    strfmt(d, sizeof d, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    char human[WEB_DATE_CHARS];
    web_date_text(d, human);
    strfmt(out, WEB_DATE_CHARS + 8, "%s %02d:%02d", human, tm.tm_hour, tm.tm_min);
}

void web_status_tag(Buf *b, DueStatus s)
{
    switch (s) {
    case STATUS_OVERDUE: HTML_RAW(b, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>"); break;
    case STATUS_DUE_SOON: HTML_RAW(b, "<strong class=\"govuk-tag govuk-tag--yellow\">Due soon</strong>"); break;
    default: HTML_RAW(b, "<strong class=\"govuk-tag govuk-tag--green\">Within policy</strong>"); break;
    }
}

int64_t web_ref(const char *s)
{
    if (!s || !*s || strlen(s) > 18) return 0;
    for (const char *c = s; *c; c++)
        if (*c < '0' || *c > '9') return 0;
    long long v = strtoll(s, NULL, 10);
    return v > 0 ? (int64_t)v : 0;
}

void web_summary_row(Buf *b, const char *key, const char *value)
{
    html_f(b,
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
           "<dd class=\"govuk-summary-list__value app-prose\">%s</dd></div>",
           key, value);
}

void web_prose(Buf *b, const char *text)
{
    if (text && *text) html_f(b, "<p class=\"govuk-body app-prose\">%s</p>", text);
}
