/* web.c: routes, signed-in sessions and pages (see web.h).
 *
 * Each request borrows one database connection from a pool (one per server
 * thread), so SQLite and PostgreSQL are used the same way. Who may see what
 * is decided here for the pages built so far: a signed-in user sees their own
 * supervision; everything else is refused before any data is read. */
#include "web.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "due.h"
#include "html.h"
#include "store.h"

#define SESSION_COOKIE "ov_session"
#define PRE_COOKIE "ov_pre" /* ties the sign-in form to this browser */

struct WebApp {
    const Policy *pol;
    char dummy_hash[PASSWORD_HASH_MAX]; /* checked when no such account exists */
    Store **stores;
    bool *busy;
    unsigned nstores;
    pthread_mutex_t lock;
    pthread_cond_t freed;
};

/* The signed-in user of a request. */
typedef struct {
    bool signed_in;
    char token_hash[65];
    int64_t user_ref;
    char csrf[TOKEN_CHARS + 1];
    char username[USERNAME_MAX + 1];
    char staff_id[65];
    char staff_name[256];
} Visitor;

/* ---- the connection pool ---- */

static Store *borrow(WebApp *app)
{
    pthread_mutex_lock(&app->lock);
    for (;;) {
        for (unsigned i = 0; i < app->nstores; i++)
            if (!app->busy[i]) {
                app->busy[i] = true;
                pthread_mutex_unlock(&app->lock);
                return app->stores[i];
            }
        pthread_cond_wait(&app->freed, &app->lock);
    }
}

static void give_back(WebApp *app, Store *st)
{
    pthread_mutex_lock(&app->lock);
    for (unsigned i = 0; i < app->nstores; i++)
        if (app->stores[i] == st) app->busy[i] = false;
    pthread_cond_signal(&app->freed);
    pthread_mutex_unlock(&app->lock);
}

WebApp *web_new(const char *db, const Policy *pol, unsigned threads, char *err, size_t errlen)
{
    WebApp *app = xcalloc(1, sizeof *app);
    app->pol = pol;
    app->nstores = threads ? threads : 1;
    app->stores = xcalloc(app->nstores, sizeof *app->stores);
    app->busy = xcalloc(app->nstores, sizeof *app->busy);
    pthread_mutex_init(&app->lock, NULL);
    pthread_cond_init(&app->freed, NULL);
    char random_password[21];
    account_random_password(random_password);
    if (!account_hash_password(random_password, app->dummy_hash)) {
        strfmt(err, errlen, "not enough memory to hash passwords");
        web_free(app);
        return NULL;
    }
    for (unsigned i = 0; i < app->nstores; i++)
        if (store_open(db, false, &app->stores[i], err, errlen) != STORE_OK) {
            web_free(app);
            return NULL;
        }
    return app;
}

void web_free(WebApp *app)
{
    if (!app) return;
    for (unsigned i = 0; i < app->nstores; i++) store_close(app->stores[i]);
    free(app->stores);
    free(app->busy);
    pthread_mutex_destroy(&app->lock);
    pthread_cond_destroy(&app->freed);
    free(app);
}

/* ---- responses ---- */

static void server_error(HttpResponse *rs, Store *st)
{
    fprintf(stderr, "oversight serve: database: %s\n", store_error(st));
    rs->status = 500;
    rs->body.len = 0;
    html_page_start(&rs->body, "Sorry, there is a problem with the service", NULL, NULL);
    buf_adds(&rs->body, "<h1 class=\"govuk-heading-l\">Sorry, there is a problem with the service</h1>"
                        "<p class=\"govuk-body\">Try again later. Nothing you sent has been saved.</p>");
    html_page_end(&rs->body);
}

static void not_found(HttpResponse *rs, const Visitor *v)
{
    rs->status = 404;
    html_page_start(&rs->body, "Page not found", v->signed_in ? v->username : NULL, v->csrf);
    buf_adds(&rs->body, "<h1 class=\"govuk-heading-l\">Page not found</h1>"
                        "<p class=\"govuk-body\">If you typed the web address, check it is correct.</p>");
    html_page_end(&rs->body);
}

static void set_cookie(HttpResponse *rs, const char *name, const char *value, int max_age)
{
    char c[256];
    if (max_age >= 0)
        strfmt(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", name, value, max_age);
    else
        strfmt(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict", name, value);
    http_add_header(rs, "Set-Cookie", c);
}

/* ---- sessions ---- */

/* Fills v from the session cookie; false only when the store failed. */
static bool find_visitor(Store *st, const HttpRequest *rq, Visitor *v)
{
    memset(v, 0, sizeof *v);
    const char *token = http_cookie(rq, SESSION_COOKIE);
    if (!token || strlen(token) != TOKEN_CHARS) return true;
    account_token_hash(token, v->token_hash);
    Param p[] = {P_STR(v->token_hash)};
    StoreRows *r = store_query(st, STMT_WEB_SESSION_FIND, p, 1);
    if (!r) return false;
    int got = store_next(r);
    int64_t now = (int64_t)time(NULL), created = 0, seen = 0;
    if (got == 1) {
        v->user_ref = store_col_int(r, 0);
        strfmt(v->csrf, sizeof v->csrf, "%s", store_col_text(r, 1, NULL));
        created = store_col_int(r, 2);
        seen = store_col_int(r, 3);
        strfmt(v->username, sizeof v->username, "%s", store_col_text(r, 4, NULL));
        strfmt(v->staff_id, sizeof v->staff_id, "%s", store_col_text(r, 5, NULL));
        strfmt(v->staff_name, sizeof v->staff_name, "%s", store_col_text(r, 6, NULL));
    }
    store_rows_close(r);
    if (got < 0) return false;
    if (got == 0) return true;
    if (now - seen > WEB_IDLE_TIMEOUT || now - created > WEB_ABSOLUTE_TIMEOUT) {
        Param e[] = {P_STR(v->token_hash), P_INT(now)};
        bool ok = store_begin(st) == STORE_OK && store_exec(st, STMT_WEB_SESSION_END, e, 2, NULL) == STORE_OK &&
                  store_commit(st) == STORE_OK;
        store_rollback(st);
        memset(v, 0, sizeof *v);
        return ok;
    }
    v->signed_in = true;
    if (now - seen >= 60) { /* a write a minute at most, not one per request */
        Param t[] = {P_STR(v->token_hash), P_INT(now)};
        bool ok = store_begin(st) == STORE_OK && store_exec(st, STMT_WEB_SESSION_TOUCH, t, 2, NULL) == STORE_OK &&
                  store_commit(st) == STORE_OK;
        store_rollback(st);
        return ok;
    }
    return true;
}

/* A state-changing request carries the session's form token. */
static bool csrf_ok(const HttpRequest *rq, const Visitor *v)
{
    const char *sent = http_form(rq, "csrf");
    return v->signed_in && sent && account_same_secret(sent, v->csrf);
}

/* ---- sign in and out ---- */

static void sign_in_form(HttpResponse *rs, const char *pre, const char *username, const char *problem)
{
    html_page_start(&rs->body, problem ? "Error: Sign in" : "Sign in", NULL, NULL);
    buf_adds(&rs->body, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    if (problem)
        html_f(&rs->body,
               "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
               "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
               "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">"
               "<li><a href=\"#username\">%s</a></li></ul></div></div></div>",
               problem);
    html_f(&rs->body,
           "<h1 class=\"govuk-heading-l\">Sign in</h1>"
           "<form method=\"post\" action=\"/sign-in\" novalidate>"
           "<input type=\"hidden\" name=\"pre\" value=\"%s\">"
           "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"username\">Username</label>"
           "<input class=\"govuk-input govuk-!-width-one-half\" id=\"username\" name=\"username\" type=\"text\""
           " autocomplete=\"username\" spellcheck=\"false\" value=\"%s\"></div>"
           "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"password\">Password</label>"
           "<input class=\"govuk-input govuk-!-width-one-half\" id=\"password\" name=\"password\" type=\"password\""
           " autocomplete=\"current-password\"></div>"
           "<button type=\"submit\" class=\"govuk-button\">Sign in</button></form></div></div>",
           pre, username ? username : "");
    html_page_end(&rs->body);
}

static void get_sign_in(WebApp *app, Store *st, const HttpRequest *rq, HttpResponse *rs, const Visitor *v)
{
    (void)app, (void)st, (void)rq;
    if (v->signed_in) {
        http_redirect(rs, "/");
        return;
    }
    char pre[TOKEN_CHARS + 1];
    account_new_token(pre);
    set_cookie(rs, PRE_COOKIE, pre, -1);
    sign_in_form(rs, pre, NULL, NULL);
}

/* Hashing costs the same whether or not the account exists, so the answer's
 * timing does not tell which usernames are real. */
static bool check_password(const WebApp *app, Store *st, const char *username, const char *password, int64_t *user_ref, int *rc)
{
    Param p[] = {P_STR(username)};
    StoreRows *r = store_query(st, STMT_USER_FIND, p, 1);
    if (!r) {
        *rc = STORE_ENV;
        return false;
    }
    int got = store_next(r);
    char hash[256] = "";
    bool disabled = true;
    if (got == 1) {
        *user_ref = store_col_int(r, 0);
        strfmt(hash, sizeof hash, "%s", store_col_text(r, 1, NULL));
        disabled = store_col_int(r, 2) != 0;
    }
    store_rows_close(r);
    *rc = got < 0 ? got : STORE_OK;
    bool matches = account_password_matches(got == 1 ? hash : app->dummy_hash, password);
    return got == 1 && matches && !disabled;
}

static void post_sign_in(WebApp *app, Store *st, const HttpRequest *rq, HttpResponse *rs, const Visitor *v)
{
    (void)v;
    const char *pre = http_form(rq, "pre"), *cookie = http_cookie(rq, PRE_COOKIE);
    const char *username = http_form(rq, "username"), *password = http_form(rq, "password");
    if (!pre || !cookie || !account_same_secret(pre, cookie)) {
        rs->status = 400;
        char fresh[TOKEN_CHARS + 1];
        account_new_token(fresh);
        set_cookie(rs, PRE_COOKIE, fresh, -1);
        sign_in_form(rs, fresh, username, "Your sign-in form had expired: sign in again");
        return;
    }
    if (!username || !*username || !password || !*password || strlen(username) > USERNAME_MAX) {
        rs->status = 400;
        sign_in_form(rs, pre, username, "Enter your username and password");
        return;
    }
    int64_t now = (int64_t)time(NULL), failures = 0, user_ref = 0;
    Param f[] = {P_STR(username), P_INT(now - WEB_FAILURE_WINDOW)};
    if (store_query_int(st, STMT_SIGN_IN_FAILURES_SINCE, f, 2, &failures) < 0) {
        server_error(rs, st);
        return;
    }
    if (failures >= WEB_MAX_FAILURES) {
        fprintf(stderr, "oversight serve: sign-in paused for \"%s\" (from %s)\n", username, rq->client);
        rs->status = 429;
        http_add_header(rs, "Retry-After", "900");
        sign_in_form(rs, pre, username, "Too many failed attempts: wait 15 minutes, then try again");
        return;
    }
    int rc;
    bool ok = check_password(app, st, username, password, &user_ref, &rc);
    if (rc < 0) {
        server_error(rs, st);
        return;
    }
    if (!ok) {
        fprintf(stderr, "oversight serve: failed sign-in as \"%s\" from %s\n", username, rq->client);
        Param a[] = {P_STR(username), P_INT(now)};
        if (store_begin(st) || store_exec(st, STMT_SIGN_IN_FAILURE_ADD, a, 2, NULL) || store_commit(st)) {
            store_rollback(st);
            server_error(rs, st);
            return;
        }
        rs->status = 401;
        sign_in_form(rs, pre, username, "The username or password is not right");
        return;
    }
    char token[TOKEN_CHARS + 1], hash[65], csrf[TOKEN_CHARS + 1];
    account_new_token(token);
    account_new_token(csrf);
    account_token_hash(token, hash);
    Param s[] = {P_STR(hash), P_INT(user_ref), P_STR(csrf), P_INT(now)};
    Param c[] = {P_STR(username)};
    if (store_begin(st) || store_exec(st, STMT_WEB_SESSION_ADD, s, 4, NULL) ||
        store_exec(st, STMT_SIGN_IN_FAILURES_CLEAR, c, 1, NULL) || store_commit(st)) {
        store_rollback(st);
        server_error(rs, st);
        return;
    }
    set_cookie(rs, SESSION_COOKIE, token, -1);
    set_cookie(rs, PRE_COOKIE, "", 0);
    http_redirect(rs, "/");
}

static void post_sign_out(WebApp *app, Store *st, const HttpRequest *rq, HttpResponse *rs, const Visitor *v)
{
    (void)app, (void)rq;
    Param e[] = {P_STR(v->token_hash), P_INT((int64_t)time(NULL))};
    if (store_begin(st) || store_exec(st, STMT_WEB_SESSION_END, e, 2, NULL) || store_commit(st)) {
        store_rollback(st);
        server_error(rs, st);
        return;
    }
    set_cookie(rs, SESSION_COOKIE, "", 0);
    http_redirect(rs, "/sign-in");
}

/* ---- pages ---- */

static const char *status_tag(DueStatus s)
{
    switch (s) {
    case STATUS_OVERDUE: return "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>";
    case STATUS_DUE_SOON: return "<strong class=\"govuk-tag govuk-tag--yellow\">Due soon</strong>";
    default: return "<strong class=\"govuk-tag govuk-tag--green\">Within policy</strong>";
    }
}

static void my_supervision(WebApp *app, Store *st, const HttpRequest *rq, HttpResponse *rs, const Visitor *v)
{
    (void)rq;
    html_page_start(&rs->body, "My supervision", v->username, v->csrf);
    html_f(&rs->body, "<h1 class=\"govuk-heading-l\">My supervision</h1>");
    if (!v->staff_id[0]) {
        html_f(&rs->body, "<p class=\"govuk-body\">Your account is not linked to a staff record, so there is"
                          " no supervision of your own to show.</p>");
        html_page_end(&rs->body);
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    DueFilter f = {.asof = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), .worker = v->staff_id};
    DueList l = {0};
    char err[512];
    if (due_compute(st, app->pol, &f, &l, err, sizeof err) != 0) {
        due_list_free(&l);
        server_error(rs, st);
        return;
    }
    char due[11], last[11];
    for (size_t i = 0; i < l.n; i++) {
        const DueRow *row = &l.rows[i];
        if (row->kind != DUE_KIND_STAFF) continue;
        date_format(row->r.due, due);
        html_f(&rs->body, "<h2 class=\"govuk-heading-m\">Your next supervision</h2><p class=\"govuk-body\">");
        buf_adds(&rs->body, status_tag(row->r.status));
        html_f(&rs->body, " due by <strong>%s</strong>", due);
        if (row->r.has_last) {
            date_format(row->r.last, last);
            html_f(&rs->body, "; last held %s", last);
        }
        html_f(&rs->body, ".</p><p class=\"govuk-body-s\">Rule: %s</p>", row->r.rule);
    }
    html_f(&rs->body, "<h2 class=\"govuk-heading-m\">Your cases</h2>"
                      "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
                      "Your open cases and when each is next due for discussion</caption><thead class=\"govuk-table__head\">"
                      "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Case</th>"
                      "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                      "<th scope=\"col\" class=\"govuk-table__header\">Due by</th>"
                      "<th scope=\"col\" class=\"govuk-table__header\">Last discussed</th>"
                      "<th scope=\"col\" class=\"govuk-table__header\">Rule</th></tr></thead><tbody class=\"govuk-table__body\">");
    size_t ncases = 0;
    for (size_t i = 0; i < l.n; i++) {
        const DueRow *row = &l.rows[i];
        if (row->kind != DUE_KIND_CASE) continue;
        ncases++;
        date_format(row->r.due, due);
        if (row->r.has_last) date_format(row->r.last, last);
        html_f(&rs->body, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
               row->id);
        buf_adds(&rs->body, status_tag(row->r.status));
        html_f(&rs->body, "</td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                          "<td class=\"govuk-table__cell\">%s</td></tr>",
               due, row->r.has_last ? last : "never", row->r.rule);
    }
    buf_adds(&rs->body, "</tbody></table>");
    if (!ncases) html_f(&rs->body, "<p class=\"govuk-body\">You have no open cases.</p>");
    due_list_free(&l);
    html_page_end(&rs->body);
}

/* ---- routes ---- */

typedef void (*Page)(WebApp *app, Store *st, const HttpRequest *rq, HttpResponse *rs, const Visitor *v);

typedef struct {
    const char *method, *path;
    Page page;
    bool signed_in; /* only for a signed-in user (else to the sign-in page) */
    bool csrf;      /* a state change: the session's form token is required */
} Route;

static const Route routes[] = {
    {"GET", "/sign-in", get_sign_in, false, false},
    {"POST", "/sign-in", post_sign_in, false, false},
    {"POST", "/sign-out", post_sign_out, true, true},
    {"GET", "/", my_supervision, true, false},
};

void web_handle(void *ctx, const HttpRequest *rq, HttpResponse *rs)
{
    WebApp *app = ctx;
    Store *st = borrow(app);
    Visitor v;
    if (!find_visitor(st, rq, &v)) {
        server_error(rs, st);
        give_back(app, st);
        return;
    }
    const Route *route = NULL;
    bool path_known = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(routes[i].path, rq->path) == 0) {
            path_known = true;
            if (strcmp(routes[i].method, rq->method) == 0) route = &routes[i];
        }
    if (!route) {
        if (path_known) {
            rs->status = 405;
            buf_adds(&rs->body, "Method not allowed\n");
            rs->content_type = "text/plain; charset=utf-8";
        } else {
            not_found(rs, &v);
        }
    } else if (route->signed_in && !v.signed_in) {
        if (strcmp(rq->method, "GET") == 0)
            http_redirect(rs, "/sign-in");
        else {
            rs->status = 403;
            buf_adds(&rs->body, "Sign in first.\n");
            rs->content_type = "text/plain; charset=utf-8";
        }
    } else if (route->csrf && !csrf_ok(rq, &v)) {
        fprintf(stderr, "oversight serve: refused %s %s from %s: form token missing or wrong\n", rq->method,
                rq->path, rq->client);
        rs->status = 403;
        buf_adds(&rs->body, "The form had expired. Go back, reload the page and try again.\n");
        rs->content_type = "text/plain; charset=utf-8";
    } else {
        route->page(app, st, rq, rs, &v);
    }
    give_back(app, st);
}
