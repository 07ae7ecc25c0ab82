/* router.c: the web application (web.h): every route in one table, and
 * the way each request reaches its page.
 *
 * A request borrows a database connection (pool.h), is matched to its
 * route, and finds its visitor from the session cookie (svc/session.h). The
 * route table says who may reach each page at all (anyone, signed in, admin,
 * the API) and whether it changes state (then the session's form token is
 * required); what a signed-in user may read within a page is decided by
 * the services (svc/access.h). Handlers are named functions (routes.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "svc/session.h"
#include "svc/setting.h"
#include "svc/write_key.h"
#include "web/api.h"
#include "web/assets.h"
#include "web/pool.h"
#include "web/routes.h"

/* ---- the application ---- */

WebApp *web_new(const char *db, const Policy *pol, unsigned threads, char *err, size_t errlen)
{
    if (!session_init()) {
        strfmt(err, errlen, "not enough memory to hash passwords");
        return NULL;
    }
    WebApp *app = xcalloc(1, sizeof *app);
    app->pol = pol;
    app->policy_version = -1;
    pthread_mutex_init(&app->applied_lock, NULL);
    app->cache = page_cache_new(PAGE_CACHE_ENTRIES, PAGE_CACHE_BYTES);
    app->pool = pool_new(db, threads, err, errlen);
    if (!app->pool) {
        web_free(app);
        return NULL;
    }
    app->trail = trail_start(db, NULL, err, errlen);
    if (!app->trail) {
        web_free(app);
        return NULL;
    }
    return app;
}

void web_set_log_key_file(WebApp *app, const char *path)
{
    strfmt(app->log_key_file, sizeof app->log_key_file, "%s", path ? path : "");
}

void web_free(WebApp *app)
{
    if (!app) return;
    /* Every request has ended (the server stopped first): what the trail
     * still holds is written now (a loss is logged by the trail). */
    trail_stop(app->trail);
    pool_free(app->pool);
    page_cache_free(app->cache);
    for (size_t i = 0; i < app->napplied; i++) policy_free(app->applied[i]);
    free(app->applied);
    pthread_mutex_destroy(&app->applied_lock);
    free(app);
}

void web_policy_take_up(WebApp *app, Store *st) { web_policy_take_up_version(app, st, setting_policy_version(st)); }

void web_policy_take_up_version(WebApp *app, Store *st, int64_t version)
{
    /* The version only grows (it counts the policies applied), and a
     * request reads it, and the policy's text, from its own snapshot (a
     * read span): one begun before another request took up a newer policy
     * must not take up the older one again. */
    if (version < 0 || version <= app->policy_version) return;
    pthread_mutex_lock(&app->applied_lock);
    if (version > app->policy_version) {
        /* None ever applied (version 0): the one the server started with. */
        char *text = NULL, err[512];
        size_t len = 0;
        int got = version ? setting_policy_text(st, &text, &len) : 0;
        Policy *pol = got > 0 ? policy_parse(text, len, "(policy in the database)", err, sizeof err) : NULL;
        if (got > 0 && !pol) log_event(NULL, "the policy in the database cannot be taken up: %s", err);
        if (pol) {
            app->applied = xrealloc(app->applied, (app->napplied + 1) * sizeof *app->applied);
            app->applied[app->napplied++] = pol;
            app->pol = pol;
        }
        if (got >= 0) app->policy_version = version;
        free(text);
    }
    pthread_mutex_unlock(&app->applied_lock);
}

void web_set_stopping(WebApp *app) { app->stopping = true; }

bool web_health_watched(WebApp *app, int64_t now)
{
    int64_t asked = app->health_asked;
    return asked && now - asked <= WEB_HEALTH_WATCHED;
}

void web_set_secure_cookies(WebApp *app, bool secure) { app->secure_cookies = secure; }

void web_set_cost_header(WebApp *app, bool on) { app->cost_header = on; }

void web_set_public_url(WebApp *app, const char *url)
{
    strfmt(app->public_url, sizeof app->public_url, "%s", url);
    size_t n = strlen(app->public_url);
    if (n && app->public_url[n - 1] == '/') app->public_url[n - 1] = 0; /* paths follow with their own '/' */
}

const char *web_public_url_problem(const char *url)
{
    const char *host = strncmp(url, "https://", 8) == 0 ? url + 8 : strncmp(url, "http://", 7) == 0 ? url + 7 : NULL;
    if (!host) return "it must start with https:// (or http://)";
    if (!*host || *host == ':') return "it has no host name";
    if (strlen(url) > 200) return "it is longer than 200 characters";
    for (const char *c = host; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr(".-:[]", *c) ||
              (*c == '/' && !c[1])))
            return "it holds more than a host name and port (no path, user, query or spaces)";
    return NULL;
}

/* ---- who is asking ---- */

/* Fills v from the session cookie; false only when the store failed. */
static bool find_visitor(Store *st, const HttpRequest *rq, Visitor *v)
{
    memset(v, 0, sizeof *v);
    Session s;
    SvcResult rc = session_find(st, http_cookie(rq, WEB_SESSION_COOKIE), (int64_t)time(NULL), &s);
    if (rc == SVC_NOT_FOUND) return true;
    if (rc != SVC_OK) return false;
    memcpy(v->token_hash, s.token_hash, sizeof v->token_hash);
    memcpy(v->csrf, s.csrf, sizeof v->csrf);
    memcpy(v->username, s.username, sizeof v->username);
    memcpy(v->staff_id, s.staff_id, sizeof v->staff_id);
    memcpy(v->staff_name, s.staff_name, sizeof v->staff_name);
    v->user_ref = s.user_ref;
    v->totp_enabled = s.totp_enabled;
    v->policy_version = s.policy_version;
    if (s.code_due) {
        v->code_due = true;
        return true;
    }
    v->signed_in = true;
    v->must_enrol = s.totp_required && !s.totp_enabled;
    return access_load(st, s.user_ref, s.staff_ref, &v->viewer) == STORE_OK;
}

/* A state-changing request carries the session's form token. */
static bool csrf_ok(const HttpRequest *rq, const Visitor *v)
{
    const char *sent = http_form(rq, "csrf");
    return (v->signed_in || v->code_due) && sent && account_same_secret(sent, v->csrf);
}

/* ---- the routes ---- */

typedef void (*Page)(Req *r);

typedef enum { FOR_ANYONE, FOR_SIGNED_IN, FOR_ADMIN, FOR_API } RouteFor;
static const char *const for_names[] = {"anyone", "signed-in", "admin", "api"};

typedef struct {
    const char *method, *path;
    bool prefix; /* path is a prefix; the rest is the page's argument */
    Page page;
    RouteFor who;
    bool csrf; /* a state change: the session's form token is required */
} Route;

static const Route routes[] = {
    {"GET", "/healthz", false, page_healthz, FOR_ANYONE, false},
    {"GET", "/sign-in", false, page_sign_in, FOR_ANYONE, false},
    {"POST", "/sign-in", false, post_sign_in, FOR_ANYONE, false},
    {"GET", "/sign-in/code", false, page_sign_in_code, FOR_ANYONE, false},
    {"POST", "/sign-in/code", false, post_sign_in_code, FOR_ANYONE, true},
    {"POST", "/sign-out", false, post_sign_out, FOR_SIGNED_IN, true},
    {"GET", "/", false, page_my_supervision, FOR_SIGNED_IN, false},
    {"GET", "/team", false, page_my_team, FOR_SIGNED_IN, false},
    {"GET", "/records", false, page_my_records, FOR_SIGNED_IN, false},
    {"GET", "/services", false, page_services, FOR_SIGNED_IN, false},
    {"GET", "/services/", true, page_service, FOR_SIGNED_IN, false},
    {"GET", "/teams/", true, page_team, FOR_SIGNED_IN, false},
    {"GET", "/people/", true, page_person, FOR_SIGNED_IN, false},
    {"GET", "/services/*/trends", false, page_service_trends, FOR_SIGNED_IN, false},
    {"GET", "/teams/*/trends", false, page_team_trends, FOR_SIGNED_IN, false},
    {"GET", "/people/*/trends", false, page_person_trends, FOR_SIGNED_IN, false},
    {"GET", "/services/*/trends/list", false, page_service_trends_list, FOR_SIGNED_IN, false},
    {"GET", "/teams/*/trends/list", false, page_team_trends_list, FOR_SIGNED_IN, false},
    {"GET", "/people/*/trends/list", false, page_person_trends_list, FOR_SIGNED_IN, false},
    {"GET", "/cases/", true, page_case, FOR_SIGNED_IN, false},
    {"GET", "/search", false, page_search, FOR_SIGNED_IN, false},
    {"GET", "/supervision", false, page_sessions, FOR_SIGNED_IN, false},
    {"POST", "/bookings", false, post_booking, FOR_SIGNED_IN, true},
    {"GET", "/bookings/", true, page_booking, FOR_SIGNED_IN, false},
    {"POST", "/bookings/*/move", false, post_booking_move, FOR_SIGNED_IN, true},
    {"POST", "/bookings/*/cancel", false, post_booking_cancel, FOR_SIGNED_IN, true},
    {"POST", "/bookings/*/agenda", false, post_agenda_add, FOR_SIGNED_IN, true},
    {"POST", "/bookings/*/sample", false, post_agenda_sample, FOR_SIGNED_IN, true},
    {"POST", "/bookings/*/record", false, post_record_start, FOR_SIGNED_IN, true},
    {"POST", "/agenda/*/confidential", false, post_agenda_confidential, FOR_SIGNED_IN, true},
    {"GET", "/people/*/agreement", false, page_agreement, FOR_SIGNED_IN, false},
    {"GET", "/people/*/development", false, page_development, FOR_SIGNED_IN, false},
    {"GET", "/people/*/development.pdf", false, page_development_pdf, FOR_SIGNED_IN, false},
    {"GET", "/teams/*/development", false, page_team_development, FOR_SIGNED_IN, false},
    {"POST", "/people/*/agreement", false, post_agreement, FOR_SIGNED_IN, true},
    {"POST", "/agreements/*/agree", false, post_agreement_agree, FOR_SIGNED_IN, true},
    {"GET", "/records/", true, page_record, FOR_SIGNED_IN, false},
    {"POST", "/records/*/save", false, post_record_save, FOR_SIGNED_IN, true},
    {"POST", "/records/*/case-notes", false, post_record_case_note, FOR_SIGNED_IN, true},
    {"POST", "/records/*/actions", false, post_record_action, FOR_SIGNED_IN, true},
    {"POST", "/records/*/follow-up", false, post_record_follow_up, FOR_SIGNED_IN, true},
    {"POST", "/records/*/send", false, post_record_send, FOR_SIGNED_IN, true},
    {"POST", "/records/*/sign", false, post_record_sign, FOR_SIGNED_IN, true},
    {"POST", "/records/*/disagree", false, post_record_disagree, FOR_SIGNED_IN, true},
    {"POST", "/records/*/confidential", false, post_record_confidential, FOR_SIGNED_IN, true},
    {"POST", "/records/*/amend", false, post_record_amend, FOR_SIGNED_IN, true},
    {"POST", "/records/*/escalate", false, post_record_escalate, FOR_SIGNED_IN, true},
    {"GET", "/records/*/feedback", false, page_feedback_form, FOR_SIGNED_IN, false},
    {"POST", "/records/*/feedback", false, post_feedback, FOR_SIGNED_IN, true},
    {"GET", "/teams/*/feedback", false, page_team_feedback, FOR_SIGNED_IN, false},
    {"GET", "/services/*/feedback", false, page_service_feedback, FOR_SIGNED_IN, false},
    {"GET", "/workload", false, page_workloads, FOR_SIGNED_IN, false},
    {"POST", "/workload", false, post_workload_raise, FOR_SIGNED_IN, true},
    {"GET", "/workload/", true, page_workload, FOR_SIGNED_IN, false},
    {"POST", "/workload/*/respond", false, post_workload_respond, FOR_SIGNED_IN, true},
    {"GET", "/actions/", true, page_action, FOR_SIGNED_IN, false},
    {"POST", "/actions/*/done", false, post_action_done, FOR_SIGNED_IN, true},
    {"POST", "/actions/*/confirm", false, post_action_confirm, FOR_SIGNED_IN, true},
    {"GET", "/audits", false, page_audits, FOR_SIGNED_IN, false},
    {"GET", "/audits/", true, page_audit, FOR_SIGNED_IN, false},
    {"POST", "/audits/*/save", false, post_audit_save, FOR_SIGNED_IN, true},
    {"POST", "/audits/*/actions", false, post_audit_action, FOR_SIGNED_IN, true},
    {"POST", "/audit-actions/*/done", false, post_audit_action_done, FOR_SIGNED_IN, true},
    {"POST", "/audit-actions/*/close", false, post_audit_action_close, FOR_SIGNED_IN, true},
    {"GET", "/services/*/audits", false, page_service_audits, FOR_SIGNED_IN, false},
    {"POST", "/services/*/audits", false, post_service_audits, FOR_SIGNED_IN, true},
    {"GET", "/escalations", false, page_escalations, FOR_SIGNED_IN, false},
    {"POST", "/escalations", false, post_escalation_raise, FOR_SIGNED_IN, true},
    {"GET", "/escalations/", true, page_escalation, FOR_SIGNED_IN, false},
    {"POST", "/escalations/*/respond", false, post_escalation_respond, FOR_SIGNED_IN, true},
    {"POST", "/escalations/*/escalate", false, post_escalation_escalate, FOR_SIGNED_IN, true},
    {"POST", "/cases/*/concerns", false, post_concern_raise, FOR_SIGNED_IN, true},
    {"POST", "/concerns/*/resolve", false, post_concern_resolve, FOR_SIGNED_IN, true},
    {"GET", "/inbox", false, page_inbox, FOR_SIGNED_IN, false},
    {"POST", "/inbox/read", false, post_inbox_read, FOR_SIGNED_IN, true},
    {"GET", "/discussions/new", false, page_informal, FOR_SIGNED_IN, false},
    {"POST", "/discussions", false, post_informal, FOR_SIGNED_IN, true},
    {"GET", "/group-sessions/new", false, page_group, FOR_SIGNED_IN, false},
    {"POST", "/group-sessions", false, post_group, FOR_SIGNED_IN, true},
    {"GET", "/bookings/*/calendar.ics", false, page_booking_ics, FOR_SIGNED_IN, false},
    {"GET", "/log/checkpoint", false, page_log_checkpoint, FOR_SIGNED_IN, false},
    {"GET", "/supervision-file", false, page_supervision_file, FOR_SIGNED_IN, false},
    {"GET", "/supervision/reads", false, page_my_readers, FOR_SIGNED_IN, false},
    {"GET", "/calendar/", true, page_calendar_feed, FOR_ANYONE, false},
    {"POST", "/account/calendar", false, post_account_calendar, FOR_SIGNED_IN, true},
    {"GET", "/account", false, page_account, FOR_SIGNED_IN, false},
    {"POST", "/account/password", false, post_account_password, FOR_SIGNED_IN, true},
    {"GET", "/account/two-factor", false, page_two_factor, FOR_SIGNED_IN, false},
    {"POST", "/account/two-factor", false, post_two_factor, FOR_SIGNED_IN, true},
    {"POST", "/account/notices", false, post_account_notices, FOR_SIGNED_IN, true},
    {"POST", "/account/reminders", false, post_account_reminders, FOR_SIGNED_IN, true},
    {"GET", "/password/", true, page_password_link, FOR_ANYONE, false},
    {"POST", "/password/", true, post_password_link, FOR_ANYONE, false},
    {"GET", "/admin", false, page_admin, FOR_ADMIN, false},
    {"GET", "/admin/imports", false, page_admin_imports, FOR_ADMIN, false},
    {"POST", "/admin/imports", false, post_admin_import, FOR_ADMIN, true},
    {"GET", "/admin/users", false, page_admin_users, FOR_ADMIN, false},
    {"POST", "/admin/users", false, post_admin_users, FOR_ADMIN, true},
    {"GET", "/admin/users/", true, page_admin_user, FOR_ADMIN, false},
    {"POST", "/admin/users/", true, post_admin_user, FOR_ADMIN, true},
    {"GET", "/admin/teams", false, page_admin_teams, FOR_ADMIN, false},
    {"GET", "/admin/teams/", true, page_admin_team, FOR_ADMIN, false},
    {"POST", "/admin/teams/", true, post_admin_team, FOR_ADMIN, true},
    {"GET", "/admin/policy", false, page_admin_policy, FOR_ADMIN, false},
    {"POST", "/admin/policy", false, post_admin_policy, FOR_ADMIN, true},
    {"POST", "/admin/policy/apply", false, post_admin_policy_apply, FOR_ADMIN, true},
    {"GET", "/admin/policy/history/", true, page_admin_policy_history, FOR_ADMIN, false},
    {"GET", "/api/v1/me", false, api_me, FOR_API, false},
    {"GET", "/api/v1/me/due", false, api_my_due, FOR_API, false},
    {"GET", "/api/v1/team/due", false, api_team_due, FOR_API, false},
    {"GET", "/api/v1/teams/", true, api_team, FOR_API, false},
    {"GET", "/api/v1/services", false, api_services, FOR_API, false},
    {"GET", "/api/v1/services/", true, api_service, FOR_API, false},
    {"GET", "/api/v1/people/", true, api_person, FOR_API, false},
    {"GET", "/api/v1/cases/", true, api_case, FOR_API, false},
    {"GET", "/api/v1/cases/*/decisions", false, api_case_decisions, FOR_API, false},
    {"GET", "/api/v1/records/", true, api_record, FOR_API, false},
    {"GET", "/api/v1/search", false, api_search, FOR_API, false},
};
#define NROUTES (sizeof routes / sizeof routes[0])

bool web_may_upload(void *ctx, const HttpRequest *rq)
{
    WebApp *app = ctx;
    if (strcmp(rq->method, "POST") != 0 || strcmp(rq->path, "/admin/imports") != 0) return false;
    Store *st = pool_borrow(app->pool);
    Visitor v;
    bool ok = find_visitor(st, rq, &v) && v.signed_in && access_admin(&v.viewer);
    pool_give_back(app->pool, st);
    return ok;
}

void web_print_routes(FILE *out)
{
    for (size_t i = 0; i < NROUTES; i++)
        fprintf(out, "%s %s%s %s%s\n", routes[i].method, routes[i].path, routes[i].prefix ? "*" : "",
                for_names[routes[i].who], routes[i].csrf ? " csrf" : "");
}

/* A route's path is matched exactly, or, with prefix, as a prefix followed
 * by one segment (its argument). A '*' segment in the middle of a path
 * ("/records/ * /sign" without the spaces) matches one segment too, which is
 * then the argument. */
static bool path_matches(const Route *rt, const char *path, const char **arg, char *argbuf, size_t argsize)
{
    const char *star = strchr(rt->path, '*');
    if (star) {
        size_t head = (size_t)(star - rt->path);
        if (strncmp(rt->path, path, head) != 0) return false;
        const char *seg = path + head, *end = strchr(seg, '/');
        if (!end || end == seg || (size_t)(end - seg) >= argsize || strcmp(end, star + 1) != 0) return false;
        memcpy(argbuf, seg, (size_t)(end - seg));
        argbuf[end - seg] = 0;
        *arg = argbuf;
        return true;
    }
    size_t n = strlen(rt->path);
    if (!rt->prefix) {
        *arg = "";
        return strcmp(rt->path, path) == 0;
    }
    *arg = path + n;
    return strncmp(rt->path, path, n) == 0 && path[n] && !strchr(path + n, '/');
}

/* A form posted after its sign-in ended may be carried through signing in
 * again (frame.h) to a route that changes something for the signed-in:
 * this table's own paths, so never to another site; and never signing out
 * or a form that holds a password (nor anything else an account does to
 * itself: those are typed again). */
bool web_route_carried_to(const char *path)
{
    char argbuf[WEB_ROUTE_ARG_MAX];
    const char *arg;
    if (!path || path[0] != '/' || path[1] == '/') return false;
    for (size_t i = 0; i < NROUTES; i++)
        if (strcmp(routes[i].method, "POST") == 0 && routes[i].csrf && routes[i].who == FOR_SIGNED_IN &&
            strncmp(routes[i].path, "/account", 8) != 0 && routes[i].page != post_sign_out &&
            path_matches(&routes[i], path, &arg, argbuf, sizeof argbuf))
            return true;
    return false;
}

/* A short answer for a request that reaches no page: JSON (a problem
 * document) under /api/, else a line of plain text. text is this file's
 * own sentence, with nothing in it that html_text would escape. Like every
 * answer it carries the security headers (http.c adds them). */
static void plain(Req *r, int status, const char *text)
{
    if (api_path(r->rq->path)) {
        char line[200];
        strfmt(line, sizeof line, "%s", text);
        line[strcspn(line, "\n")] = 0;
        return api_error(r, status, line);
    }
    r->rs->status = status;
    web_answer_afresh(r);
    html_text(&r->rs->body, text);
    r->rs->content_type = "text/plain; charset=utf-8";
}

void web_refuse(void *ctx, const HttpRequest *rq, int status, HttpResponse *rs)
{
    (void)ctx;
    Req r = {.rq = rq, .rs = rs, .arg = ""};
    plain(&r, status,
          status == 413   ? "The request is too large."
          : status == 431 ? "The request's headers are too large."
                          : "The request could not be read: a bad escape, a NUL or another control character, or text"
                            " that is not UTF-8.");
}

/* A route answers HEAD wherever it answers GET (libmicrohttpd sends the
 * headers without the body). */
static bool method_matches(const Route *rt, const char *method)
{
    return strcmp(rt->method, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0);
}

/* The route a method and path reach (NULL: none), and what
 * web_route_find says of them in *out. */
static const Route *route_find(const char *method, const char *path, WebRoute *out)
{
    *out = (WebRoute){.arg = ""};
    for (size_t i = 0; i < NROUTES; i++) {
        const char *arg;
        if (!path_matches(&routes[i], path, &arg, out->argbuf, sizeof out->argbuf)) continue;
        out->known = true;
        if (!method_matches(&routes[i], method)) continue;
        out->found = true;
        out->method = routes[i].method;
        out->path = routes[i].path;
        out->prefix = routes[i].prefix;
        out->arg = arg;
        return &routes[i];
    }
    return NULL;
}

void web_route_find(const char *method, const char *path, WebRoute *out) { route_find(method, path, out); }

/* 405, with the methods the path does answer (RFC 9110's Allow). */
static void not_allowed(Req *r)
{
    char allow[64] = "", arg[WEB_ROUTE_ARG_MAX];
    const char *unused;
    const char *methods[] = {"GET", "HEAD", "POST"};
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++)
        for (size_t i = 0; i < NROUTES; i++)
            if (method_matches(&routes[i], methods[m]) &&
                path_matches(&routes[i], r->rq->path, &unused, arg, sizeof arg)) {
                size_t n = strlen(allow);
                strfmt(allow + n, sizeof allow - n, "%s%s", n ? ", " : "", methods[m]);
                break;
            }
    plain(r, 405, "This address does not answer that method.\n");
    http_add_header(r->rs, "Allow", allow);
}

/* ---- a change sent twice ---- */

/* Where an answer sends the browser on: its Location, or NULL. */
static const char *location(const HttpResponse *rs)
{
    if (rs->status < 300 || rs->status > 399) return NULL;
    for (int i = 0; i < rs->nheaders; i++)
        if (strncmp(rs->headers[i], "Location\n", 9) == 0) return rs->headers[i] + 9;
    return NULL;
}

/* The answer to a sending whose write key was taken before: where the first
 * sending was sent on, or, when that was not kept, a page saying so. */
static void already_saved(Req *r, const char *answer)
{
    log_event(r->rq->client, "%s %s sent again with a used write key: not applied again", r->rq->method, r->rq->path);
    web_answer_afresh(r);
    r->rs->nheaders = 0;
    r->rs->content_type = NULL;
    r->rs->status = 200;
    if (answer[0]) return http_redirect(r->rs, answer);
    page_start(r, "Already saved", NULL);
    HTML_RAW(&r->rs->body, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                           "<h1 class=\"govuk-heading-l\">Already saved</h1>"
                           "<p class=\"govuk-body\">This form was sent before, and what it did was saved then."
                           " It has not been done again.</p>"
                           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to your home page</a></p>"
                           "</div></div>");
    page_end(r);
}

/* Runs a route's page. A change sent with a write key (svc/write_key.h) is
 * applied once: a key the account took before is answered as its first
 * sending was; otherwise the key is armed, so the change the page commits
 * takes it in the same transaction. A change sent without one is applied
 * as ever (clients that send none keep working). */
static void run_page(Req *r, const Route *route)
{
    const char *key = route->csrf && r->v->signed_in ? http_form(r->rq, WRITE_KEY_FIELD) : NULL;
    if (!key || !*key) return route->page(r);
    if (!write_key_valid(key)) return page_bad_request(r, "The form's write key is not one this site makes.");
    char answer[WRITE_KEY_ANSWER_MAX + 1];
    SvcResult rc = write_key_taken(r->st, r->v->user_ref, key, answer, sizeof answer);
    if (rc == SVC_OK) return already_saved(r, answer);
    if (rc != SVC_NOT_FOUND) return page_server_error(r);
    WriteKey k;
    write_key_arm(&k, r->st, r->v->user_ref, key, (int64_t)time(NULL));
    route->page(r);
    write_key_disarm(&k, location(r->rs));
    /* Sent twice at once: the other sending saved it first, this one saved
     * nothing; answered as a repeat. */
    if (k.repeated) {
        if (write_key_taken(r->st, r->v->user_ref, key, answer, sizeof answer) != SVC_OK) answer[0] = 0;
        already_saved(r, answer);
    }
}

void web_handle(void *ctx, const HttpRequest *rq, HttpResponse *rs)
{
    if ((strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0) && assets_respond(rq->path, rs)) return;
    WebApp *app = ctx;
    Store *st = pool_borrow(app->pool);
    store_cost_take(st); /* this request's work only */
    Visitor v;
    memset(&v, 0, sizeof v);
    Req r = {.app = app, .st = st, .rq = rq, .rs = rs, .v = &v, .arg = ""};
    WebRoute found;
    const Route *route = route_find(rq->method, rq->path, &found);
    r.arg = found.arg;
    /* A load balancer's question: no session looked for, nothing else read. */
    if (route && route->page == page_healthz) {
        page_healthz(&r);
        pool_give_back(app->pool, st);
        return;
    }
    /* The request's reads from one snapshot, at less cost than each on its
     * own; whatever it writes ends the span first (store.h). */
    store_read_span_begin(st);
    if (!find_visitor(st, rq, &v)) {
        memset(&v, 0, sizeof v);
        page_server_error(&r);
        store_read_span_end(st);
        pool_give_back(app->pool, st);
        return;
    }
    if (v.signed_in) web_policy_take_up_version(app, st, v.policy_version);
    if (!route) {
        if (found.known)
            not_allowed(&r);
        else if (api_path(rq->path))
            plain(&r, 404, "There is nothing at this address in the API.\n");
        else
            page_not_found(&r);
    } else if (route->who == FOR_API && !v.signed_in) {
        api_not_signed_in(&r);
    } else if (route->who != FOR_ANYONE && !v.signed_in) {
        if (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0)
            http_redirect(rs, "/sign-in");
        else if (route->who == FOR_SIGNED_IN && route->csrf && !rq->upload)
            page_sign_in_again(&r); /* the session ended while they typed: what they typed is carried */
        else
            plain(&r, 403, "Sign in first.\n");
    } else if (v.must_enrol && route->page != page_two_factor && route->page != post_two_factor &&
               route->page != post_sign_out) {
        /* Nothing else until two-factor sign-in is set up, as an admin required. */
        if (route->who == FOR_API)
            api_two_factor_first(&r);
        else if (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0)
            http_redirect(rs, "/account/two-factor");
        else
            plain(&r, 403, "Set up two-factor sign-in first.\n");
    } else if (route->csrf && !csrf_ok(rq, &v)) {
        log_event(rq->client, "refused %s %s: form token missing or wrong", rq->method, rq->path);
        if (v.signed_in && route->who == FOR_SIGNED_IN && !rq->upload && web_carry_fits(&r)) {
            r.rs->status = 403; /* nothing done: the form again, with this session's token, to send */
            web_carried_page(&r, v.csrf, v.username);
        } else {
            plain(&r, 403, "The form had expired. Go back, reload the page and try again.\n");
        }
    } else if (route->who == FOR_ADMIN && !access_admin(&v.viewer)) {
        page_refused(&r, rq->path);
    } else {
        run_page(&r, route);
    }
    if (app->cost_header) {
        StoreCost c = store_cost_take(st);
        char cost[96];
        if (c.steps >= 0)
            strfmt(cost, sizeof cost, "statements=%lld rows=%lld steps=%lld", (long long)c.statements,
                   (long long)c.rows, (long long)c.steps);
        else
            strfmt(cost, sizeof cost, "statements=%lld rows=%lld", (long long)c.statements, (long long)c.rows);
        http_add_header(rs, "X-Oversight-Cost", cost);
    }
    store_read_span_end(st);
    pool_give_back(app->pool, st);
}
