/* web.c: the web application's frame: the connection pool, sessions,
 * sign-in and sign-out, your account, and the route table that sends each
 * request to its page (see web.h).
 *
 * Each request borrows one database connection from a pool (one per server
 * thread), so SQLite and PostgreSQL are used the same way. The route table
 * says who may reach each page at all (anyone, signed in, admin); what a
 * signed-in user may read within a page is decided by access.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/assets.h"
#include "svc/totp.h"
#include "web/frame.h"
#include "web/routes.h"

#define SESSION_COOKIE "ov_session"
#define PRE_COOKIE "ov_pre" /* ties the sign-in form to this browser */
#define PAUSED "Too many failed attempts: wait 15 minutes, then try again"

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
    app->cache = page_cache_new(PAGE_CACHE_ENTRIES, PAGE_CACHE_BYTES);
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
    page_cache_free(app->cache);
    pthread_mutex_destroy(&app->lock);
    pthread_cond_destroy(&app->freed);
    free(app);
}

/* ---- responses ---- */

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

void web_status_tag(Buf *b, DueStatus s)
{
    switch (s) {
    case STATUS_OVERDUE: HTML_RAW(b, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>"); break;
    case STATUS_DUE_SOON: HTML_RAW(b, "<strong class=\"govuk-tag govuk-tag--yellow\">Due soon</strong>"); break;
    default: HTML_RAW(b, "<strong class=\"govuk-tag govuk-tag--green\">Within policy</strong>"); break;
    }
}

/* The navigation a visitor sees: only what they may open. */
static size_t nav_for(const Visitor *v, HtmlLink *nav)
{
    size_t n = 0;
    if (v->staff_id[0]) nav[n++] = (HtmlLink){"My supervision", "/"};
    if (v->staff_id[0]) nav[n++] = (HtmlLink){"Sessions", "/supervision"};
    if (v->viewer.manages) nav[n++] = (HtmlLink){"My team", "/team"};
    if (v->viewer.auditor || v->viewer.nservices) nav[n++] = (HtmlLink){"Services", "/services"};
    if (v->viewer.admin) nav[n++] = (HtmlLink){"Admin", "/admin"};
    if (v->staff_id[0]) nav[n++] = (HtmlLink){"Inbox", "/inbox"};
    nav[n++] = (HtmlLink){"Your account", "/account"};
    return n;
}

void page_start(Req *r, const char *title, const char *current)
{
    HtmlLink nav[8];
    const Visitor *v = r->v;
    HtmlPage p = {.title = title, .current = current};
    if (v && v->signed_in) {
        p.signed_in_as = v->staff_name[0] ? v->staff_name : v->username;
        p.csrf = v->csrf;
        p.nav = nav;
        p.nnav = nav_for(v, nav);
    }
    html_page_start(&r->rs->body, &p);
}

void page_end(Req *r) { html_page_end(&r->rs->body); }

static void whole_page(Req *r, int status, const char *title, const char *text)
{
    r->rs->status = status;
    r->rs->body.len = 0;
    page_start(r, title, NULL);
    html_f(&r->rs->body, "<h1 class=\"govuk-heading-l\">%s</h1><p class=\"govuk-body\">%s</p>", title, text);
    page_end(r);
}

void page_server_error(Req *r)
{
    fprintf(stderr, "oversight serve: database: %s\n", store_error(r->st));
    whole_page(r, 500, "Sorry, there is a problem with the service", "Try again later. Nothing you sent has been saved.");
}

void page_not_found(Req *r)
{
    whole_page(r, 404, "Page not found", "If you typed the web address, check it is correct.");
}

void page_refused(Req *r, const char *what)
{
    access_refused(&r->v->viewer, r->v->username, what, r->rq->client);
    whole_page(r, 403, "You cannot see this page",
               "Your account does not give you access to it. If you think it should, ask your manager or an"
               " administrator.");
}

void page_bad_request(Req *r, const char *why) { whole_page(r, 400, "There is a problem", why); }

void web_set_secure_cookies(WebApp *app, bool secure) { app->secure_cookies = secure; }

static void set_cookie(Req *r, const char *name, const char *value, int max_age)
{
    char c[256], age[32] = "";
    if (max_age >= 0) strfmt(age, sizeof age, "; Max-Age=%d", max_age);
    strfmt(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value, age,
           r->app->secure_cookies ? "; Secure" : "");
    http_add_header(r->rs, "Set-Cookie", c);
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
    int64_t now = (int64_t)time(NULL), created = 0, seen = 0, staff_ref = 0;
    bool code_due = false, required = false;
    if (got == 1) {
        code_due = store_col_int(r, 8) != 0;
        v->totp_enabled = store_col_int(r, 9) != 0;
        required = store_col_int(r, 10) != 0;
        v->user_ref = store_col_int(r, 0);
        staff_ref = store_col_int(r, 7);
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
    if (now - seen > WEB_IDLE_TIMEOUT || now - created > WEB_ABSOLUTE_TIMEOUT ||
        (code_due && now - created > WEB_CODE_TIMEOUT)) {
        Param e[] = {P_STR(v->token_hash), P_INT(now)};
        bool ok = store_begin(st) == STORE_OK && store_exec(st, STMT_WEB_SESSION_END, e, 2, NULL) == STORE_OK &&
                  store_commit(st) == STORE_OK;
        store_rollback(st);
        memset(v, 0, sizeof *v);
        return ok;
    }
    if (code_due) {
        v->code_due = true;
        return true;
    }
    v->signed_in = true;
    v->must_enrol = required && !v->totp_enabled;
    if (access_load(st, v->user_ref, staff_ref, &v->viewer) != STORE_OK) return false;
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
    return (v->signed_in || v->code_due) && sent && account_same_secret(sent, v->csrf);
}

/* ---- sign in and out ---- */

void web_error_summary(Buf *b, const char *field_id, const char *problem)
{
    html_f(b,
           "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
           "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
           "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">"
           "<li><a href=\"#%s\">%s</a></li></ul></div></div></div>",
           field_id, problem);
}

static void sign_in_form(Req *r, const char *pre, const char *username, const char *problem)
{
    Buf *b = &r->rs->body;
    b->len = 0;
    HtmlPage page = {.title = problem ? "Error: Sign in" : "Sign in"};
    html_page_start(b, &page);
    HTML_RAW(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    if (problem) web_error_summary(b, "username", problem);
    html_f(b,
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
    html_page_end(b);
}

static void get_sign_in(Req *r)
{
    if (r->v->signed_in) {
        http_redirect(r->rs, "/");
        return;
    }
    char pre[TOKEN_CHARS + 1];
    account_new_token(pre);
    set_cookie(r, PRE_COOKIE, pre, -1);
    sign_in_form(r, pre, NULL, NULL);
}

/* Hashing costs the same whether or not the account exists, so the answer's
 * timing does not tell which usernames are real. */
static bool check_password(const WebApp *app, Store *st, const char *username, const char *password, int64_t *user_ref,
                           bool *totp, int *rc)
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
        if (totp) *totp = store_col_int(r, 4) != 0;
    }
    store_rows_close(r);
    *rc = got < 0 ? got : STORE_OK;
    bool matches = account_password_matches(got == 1 ? hash : app->dummy_hash, password);
    return got == 1 && matches && !disabled;
}

/* Runs one statement in its own transaction. */
static bool write_one(Store *st, StmtId id, const Param *p, int n)
{
    bool ok = store_begin(st) == STORE_OK && store_exec(st, id, p, n, NULL) == STORE_OK && store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok;
}

/* Failed sign-ins are counted by username and by client address (the key
 * "address ADDR", which no username can be: usernames have no spaces), so
 * that neither guessing one account's password nor trying many accounts
 * from one place goes on for long. 1 paused (the status and Retry-After
 * set; the caller says so), 0 go on, <0 a store failure. */
static int paused(Req *r, const char *username)
{
    int64_t now = (int64_t)time(NULL), by_name = 0, by_address = 0;
    char address[80];
    strfmt(address, sizeof address, "address %s", r->rq->client);
    Param f[] = {P_STR(username), P_INT(now - WEB_FAILURE_WINDOW)};
    Param a[] = {P_STR(address), P_INT(now - WEB_FAILURE_WINDOW)};
    if ((account_valid_username(username) && store_query_int(r->st, STMT_SIGN_IN_FAILURES_SINCE, f, 2, &by_name) < 0) ||
        store_query_int(r->st, STMT_SIGN_IN_FAILURES_SINCE, a, 2, &by_address) < 0)
        return STORE_ENV;
    if (by_name < WEB_MAX_FAILURES && by_address < WEB_MAX_ADDRESS_FAILURES) return 0;
    fprintf(stderr, "oversight serve: sign-in paused for \"%s\" from %s\n", username, r->rq->client);
    r->rs->status = 429;
    http_add_header(r->rs, "Retry-After", "900");
    return 1;
}

/* Counts a failed sign-in against the username (when it could be one) and
 * the client's address, in one transaction. */
static bool count_failure(Req *r, const char *username)
{
    int64_t now = (int64_t)time(NULL);
    char address[80];
    strfmt(address, sizeof address, "address %s", r->rq->client);
    Param f[] = {P_STR(username), P_INT(now)};
    Param a[] = {P_STR(address), P_INT(now)};
    bool ok = store_begin(r->st) == STORE_OK &&
              (!account_valid_username(username) || store_exec(r->st, STMT_SIGN_IN_FAILURE_ADD, f, 2, NULL) == STORE_OK) &&
              store_exec(r->st, STMT_SIGN_IN_FAILURE_ADD, a, 2, NULL) == STORE_OK && store_commit(r->st) == STORE_OK;
    store_rollback(r->st);
    return ok;
}

/* Opens a session for the account (half open when code_due) in one
 * transaction that also clears its failed sign-ins and, when ending is
 * given, ends that session (and any open transaction of the caller's); sets
 * the cookie. */
static bool start_session(Req *r, int64_t user_ref, const char *username, bool code_due, const char *ending)
{
    Store *st = r->st;
    char token[TOKEN_CHARS + 1], hash[65], csrf[TOKEN_CHARS + 1];
    account_new_token(token);
    account_new_token(csrf);
    account_token_hash(token, hash);
    int64_t now = (int64_t)time(NULL);
    Param s[] = {P_STR(hash), P_INT(user_ref), P_STR(csrf), P_INT(now), P_INT(code_due)};
    Param c[] = {P_STR(username)};
    Param e[] = {P_STR(ending ? ending : ""), P_INT(now)};
    bool ok = (ending || store_begin(st) == STORE_OK) && store_exec(st, STMT_WEB_SESSION_ADD, s, 5, NULL) == STORE_OK &&
              store_exec(st, STMT_SIGN_IN_FAILURES_CLEAR, c, 1, NULL) == STORE_OK &&
              (!ending || store_exec(st, STMT_WEB_SESSION_END, e, 2, NULL) == STORE_OK) && store_commit(st) == STORE_OK;
    store_rollback(st);
    if (ok) set_cookie(r, SESSION_COOKIE, token, -1);
    return ok;
}

static void post_sign_in(Req *r)
{
    const HttpRequest *rq = r->rq;
    Store *st = r->st;
    const char *pre = http_form(rq, "pre"), *cookie = http_cookie(rq, PRE_COOKIE);
    const char *username = http_form(rq, "username"), *password = http_form(rq, "password");
    if (!pre || !cookie || !account_same_secret(pre, cookie)) {
        r->rs->status = 400;
        char fresh[TOKEN_CHARS + 1];
        account_new_token(fresh);
        set_cookie(r, PRE_COOKIE, fresh, -1);
        sign_in_form(r, fresh, username, "Your sign-in form had expired: sign in again");
        return;
    }
    if (!username || !*username || !password || !*password || strlen(username) > USERNAME_MAX) {
        r->rs->status = 400;
        sign_in_form(r, pre, username, "Enter your username and password");
        return;
    }
    int64_t user_ref = 0;
    int p = paused(r, username);
    if (p < 0) return page_server_error(r);
    if (p) return sign_in_form(r, pre, username, PAUSED);
    int rc;
    bool totp = false;
    bool ok = check_password(r->app, st, username, password, &user_ref, &totp, &rc);
    if (rc < 0) return page_server_error(r);
    if (!ok) {
        fprintf(stderr, "oversight serve: failed sign-in as \"%s\" from %s\n", username, rq->client);
        if (!count_failure(r, username)) return page_server_error(r);
        r->rs->status = 401;
        sign_in_form(r, pre, username, "The username or password is not right");
        return;
    }
    /* With two-factor sign-in the session is only half open until the code. */
    if (!start_session(r, user_ref, username, totp, NULL)) return page_server_error(r);
    set_cookie(r, PRE_COOKIE, "", 0);
    http_redirect(r->rs, totp ? "/sign-in/code" : "/");
}

/* ---- the second factor at sign-in ---- */

static void code_form(Req *r, const char *problem)
{
    Buf *b = &r->rs->body;
    b->len = 0;
    HtmlPage page = {.title = problem ? "Error: Enter your code" : "Enter your code"};
    html_page_start(b, &page);
    HTML_RAW(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    if (problem) web_error_summary(b, "code", problem);
    html_f(b,
           "<h1 class=\"govuk-heading-l\">Enter your code</h1>"
           "<form method=\"post\" action=\"/sign-in/code\" novalidate>"
           "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
           "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"code\">Code from your"
           " authenticator app</label><div class=\"govuk-hint\" id=\"code-hint\">The 6-digit code it shows for"
           " Oversight now.</div>",
           r->v->csrf, problem ? " govuk-form-group--error" : "");
    if (problem)
        html_f(b, "<p class=\"govuk-error-message\" id=\"code-error\"><span class=\"govuk-visually-hidden\">Error:</span>"
                  " %s</p>",
               problem);
    html_f(b,
           "<input class=\"govuk-input govuk-input--width-5%s\" id=\"code\" name=\"code\" type=\"text\""
           " inputmode=\"numeric\" autocomplete=\"one-time-code\" spellcheck=\"false\" aria-describedby=\"code-hint%s\">"
           "</div><button type=\"submit\" class=\"govuk-button\">Continue</button></form></div></div>",
           problem ? " govuk-input--error" : "", problem ? " code-error" : "");
    html_page_end(b);
}

static void get_code(Req *r)
{
    if (r->v->signed_in) return http_redirect(r->rs, "/");
    if (!r->v->code_due) return http_redirect(r->rs, "/sign-in");
    code_form(r, NULL);
}

/* Checks a code against the account's secret and, when right, takes its
 * step so that it cannot be used again; in the caller's transaction. 1 right,
 * 0 wrong (or already used), <0 store failure. */
static int take_code(Store *st, int64_t user_ref, const char *code, bool enabled_only)
{
    Param p[] = {P_INT(user_ref)};
    StoreRows *q = store_query(st, STMT_USER_TOTP, p, 1);
    if (!q) return STORE_ENV;
    int got = store_next(q);
    char secret[TOTP_SECRET_CHARS + 1] = "";
    int64_t last = 0;
    bool enabled = false;
    if (got == 1) {
        strfmt(secret, sizeof secret, "%s", store_col_text(q, 0, NULL));
        enabled = store_col_int(q, 1) != 0;
        last = store_col_int(q, 2);
    }
    store_rows_close(q);
    if (got < 0) return got;
    if (got == 0 || !secret[0] || (enabled_only && !enabled)) return 0;
    int64_t step;
    bool right = totp_verify(secret, code, (int64_t)time(NULL), enabled ? last : 0, &step);
    account_forget(secret, sizeof secret);
    if (!right) return 0;
    int64_t changed = 0;
    Param u[] = {P_INT(user_ref), P_INT(step)};
    int rc = store_exec(st, enabled ? STMT_USER_TOTP_USED : STMT_USER_TOTP_ENABLE, u, 2, &changed);
    if (rc != STORE_OK) return rc;
    return changed == 1;
}

static void post_code(Req *r)
{
    const Visitor *v = r->v;
    if (!v->code_due) return http_redirect(r->rs, "/sign-in");
    int p = paused(r, v->username);
    if (p < 0) return page_server_error(r);
    if (p) return code_form(r, PAUSED);
    const char *code = http_form(r->rq, "code");
    if (store_begin(r->st) != STORE_OK) return page_server_error(r);
    int right = code && *code ? take_code(r->st, v->user_ref, code, true) : 0;
    if (right <= 0) store_rollback(r->st);
    if (right < 0) return page_server_error(r);
    if (!right) {
        fprintf(stderr, "oversight serve: wrong two-factor code for \"%s\" from %s\n", v->username, r->rq->client);
        if (!count_failure(r, v->username)) return page_server_error(r);
        r->rs->status = 401;
        return code_form(r, code && *code ? "The code is not right: enter the code your app shows now"
                                          : "Enter the code from your authenticator app");
    }
    /* A fresh token for the full session; the half-open one ends, and the
     * code's step is taken, in the transaction begun above. */
    if (!start_session(r, v->user_ref, v->username, false, v->token_hash)) return page_server_error(r);
    http_redirect(r->rs, "/");
}

static void post_sign_out(Req *r)
{
    Param e[] = {P_STR(r->v->token_hash), P_INT((int64_t)time(NULL))};
    if (!write_one(r->st, STMT_WEB_SESSION_END, e, 2)) return page_server_error(r);
    set_cookie(r, SESSION_COOKIE, "", 0);
    http_redirect(r->rs, "/sign-in");
}

/* ---- your account ---- */

static void account_page(Req *r, const char *field, const char *problem)
{
    Buf *b = &r->rs->body;
    b->len = 0;
    page_start(r, problem ? "Error: Your account" : "Your account", "/account");
    HTML_RAW(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    if (problem) web_error_summary(b, field, problem);
    html_f(b, "<h1 class=\"govuk-heading-l\">Your account</h1>"
              "<p class=\"govuk-body\">You are signed in as <strong>%s</strong>.</p>"
              "<h2 class=\"govuk-heading-m\">Change your password</h2>"
              "<form method=\"post\" action=\"/account/password\" novalidate>"
              "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
           r->v->username, r->v->csrf);
    static const char *const fields[][3] = {{"current", "Current password", "current-password"},
                                            {"new", "New password", "new-password"},
                                            {"confirm", "New password again", "new-password"}};
    for (size_t i = 0; i < 3; i++) {
        bool bad = field && strcmp(field, fields[i][0]) == 0;
        html_f(b, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s</label>",
               bad ? " govuk-form-group--error" : "", fields[i][0], fields[i][1]);
        if (i == 1)
            html_f(b, "<div class=\"govuk-hint\" id=\"new-hint\">At least %d characters. A few unrelated words"
                      " make a strong password that is easy to remember.</div>",
                   PASSWORD_MIN);
        if (bad) html_f(b, "<p class=\"govuk-error-message\" id=\"%s-error\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>", fields[i][0], problem);
        html_f(b, "<input class=\"govuk-input govuk-!-width-one-half%s\" id=\"%s\" name=\"%s\" type=\"password\""
                  " autocomplete=\"%s\"%s></div>",
               bad ? " govuk-input--error" : "", fields[i][0], fields[i][0], fields[i][2],
               i == 1 ? " aria-describedby=\"new-hint\"" : "");
    }
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button\">Change password</button></form>");
    html_f(b, "<h2 class=\"govuk-heading-m\">Two-factor sign-in</h2><p class=\"govuk-body\">%s</p>"
              "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/account/two-factor\">%s</a></p>",
           r->v->totp_enabled ? "On: you sign in with your password and a code from your authenticator app."
                              : "Off: you sign in with your password only.",
           r->v->totp_enabled ? "Turn off two-factor sign-in" : "Set up two-factor sign-in");
    account_calendar_section(r);
    HTML_RAW(b, "</div></div>");
    page_end(r);
}

/* ---- two-factor set-up ---- */

static void two_factor_page(Req *r, const char *problem)
{
    Buf *b = &r->rs->body;
    b->len = 0;
    const Visitor *v = r->v;
    page_start(r, problem ? "Error: Two-factor sign-in" : "Two-factor sign-in", "/account");
    HTML_RAW(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    if (problem) web_error_summary(b, "code", problem);
    html_f(b, "<h1 class=\"govuk-heading-l\">Two-factor sign-in</h1>");
    char secret[TOTP_SECRET_CHARS + 1] = "";
    if (!v->totp_enabled) {
        /* The secret waits in the account until a first code proves the app has it. */
        Param p[] = {P_INT(v->user_ref)};
        StoreRows *q = store_query(r->st, STMT_USER_TOTP, p, 1);
        if (!q) return page_server_error(r);
        if (store_next(q) == 1) strfmt(secret, sizeof secret, "%s", store_col_text(q, 0, NULL));
        store_rows_close(q);
        if (strlen(secret) != TOTP_SECRET_CHARS) {
            totp_new_secret(secret);
            Param u[] = {P_INT(v->user_ref), P_STR(secret)};
            if (!write_one(r->st, STMT_USER_TOTP_PENDING, u, 2)) return page_server_error(r);
        }
        if (v->must_enrol)
            html_f(b, "<div class=\"govuk-inset-text\">Your organisation asks you to set up two-factor sign-in before"
                      " you go on.</div>");
        Buf uri = {0};
        totp_uri(&uri, "Oversight", v->username, secret);
        html_f(b, "<p class=\"govuk-body\">With two-factor sign-in you enter a code from an authenticator app on your"
                  " phone after your password, so a stolen password is not enough to sign in as you.</p>"
                  "<ol class=\"govuk-list govuk-list--number\"><li>Open your authenticator app and add an account.</li>"
                  "<li>Scan this QR code, or enter the key below.</li><li>Enter the 6-digit code the app shows.</li></ol>"
                  "<div class=\"app-qr\">");
        totp_qr_svg(b, buf_str(&uri));
        buf_free(&uri);
        HTML_RAW(b, "</div><p class=\"govuk-body\">Key: <code class=\"app-secret\">");
        for (size_t i = 0; secret[i]; i++) {
            if (i && i % 4 == 0) buf_addc(b, ' ');
            buf_addc(b, secret[i]);
        }
        HTML_RAW(b, "</code></p>");
        account_forget(secret, sizeof secret);
    } else {
        html_f(b, "<p class=\"govuk-body\">Two-factor sign-in is on. To turn it off, enter a code from your app.</p>");
    }
    html_f(b, "<form method=\"post\" action=\"/account/two-factor\" novalidate>"
              "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
              "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"code\">Code from your app</label>",
           v->csrf, problem ? " govuk-form-group--error" : "");
    if (problem)
        html_f(b, "<p class=\"govuk-error-message\" id=\"code-error\"><span class=\"govuk-visually-hidden\">Error:</span>"
                  " %s</p>",
               problem);
    html_f(b, "<input class=\"govuk-input govuk-input--width-5%s\" id=\"code\" name=\"code\" type=\"text\""
              " inputmode=\"numeric\" autocomplete=\"one-time-code\" spellcheck=\"false\"%s></div>"
              "<button type=\"submit\" class=\"govuk-button%s\">%s</button></form></div></div>",
           problem ? " govuk-input--error" : "", problem ? " aria-describedby=\"code-error\"" : "",
           v->totp_enabled ? " govuk-button--warning" : "", v->totp_enabled ? "Turn off" : "Turn on");
    page_end(r);
}

static void get_two_factor(Req *r) { two_factor_page(r, NULL); }

static void post_two_factor(Req *r)
{
    const Visitor *v = r->v;
    const char *code = http_form(r->rq, "code");
    if (!code || !*code) {
        r->rs->status = 400;
        return two_factor_page(r, "Enter the code from your authenticator app");
    }
    if (v->totp_enabled) {
        Param p[] = {P_INT(v->user_ref)};
        int64_t required = 0;
        StoreRows *q = store_query(r->st, STMT_USER_TOTP, p, 1);
        if (!q) return page_server_error(r);
        if (store_next(q) == 1) required = store_col_int(q, 3);
        store_rows_close(q);
        if (required) {
            r->rs->status = 400;
            return two_factor_page(r, "Your organisation requires two-factor sign-in: it cannot be turned off");
        }
    }
    if (store_begin(r->st) != STORE_OK) return page_server_error(r);
    int right = take_code(r->st, v->user_ref, code, v->totp_enabled);
    Param p[] = {P_INT(v->user_ref)};
    Param a[] = {P_INT((int64_t)time(NULL)), P_INT(v->user_ref), P_STR("account"),
                 P_STR(v->totp_enabled ? "two-factor sign-in turned off" : "two-factor sign-in turned on")};
    bool ok = right > 0 && (!v->totp_enabled || store_exec(r->st, STMT_USER_TOTP_DISABLE, p, 1, NULL) == STORE_OK) &&
              store_exec(r->st, STMT_AUDIT_ADD, a, 4, NULL) == STORE_OK && store_commit(r->st) == STORE_OK;
    store_rollback(r->st);
    if (right < 0 || (right > 0 && !ok)) return page_server_error(r);
    if (!right) {
        r->rs->status = 400;
        return two_factor_page(r, "The code is not right: enter the code your app shows now");
    }
    http_redirect(r->rs, "/account");
}

static void get_account(Req *r) { account_page(r, NULL, NULL); }

static void post_password(Req *r)
{
    const char *current = http_form(r->rq, "current"), *fresh = http_form(r->rq, "new"),
               *confirm = http_form(r->rq, "confirm");
    int64_t ref;
    int rc;
    if (!current || !*current) {
        r->rs->status = 400;
        return account_page(r, "current", "Enter your current password");
    }
    if (!check_password(r->app, r->st, r->v->username, current, &ref, NULL, &rc)) {
        if (rc < 0) return page_server_error(r);
        r->rs->status = 400;
        return account_page(r, "current", "Your current password is not right");
    }
    const char *problem = fresh ? account_password_problem(fresh) : "Enter a new password";
    if (problem) {
        r->rs->status = 400;
        return account_page(r, "new", problem);
    }
    if (!confirm || strcmp(fresh, confirm) != 0) {
        r->rs->status = 400;
        return account_page(r, "confirm", "The two new passwords are not the same");
    }
    char err[256];
    AccountResult ar = account_set_password(r->st, r->v->username, fresh, err, sizeof err);
    if (ar == ACCOUNT_ENV) return page_server_error(r);
    if (ar != ACCOUNT_OK) {
        r->rs->status = 400;
        return account_page(r, "new", err);
    }
    /* Every session of the account has ended, this one too. */
    set_cookie(r, SESSION_COOKIE, "", 0);
    http_redirect(r->rs, "/sign-in");
}

/* ---- routes ---- */

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
    {"GET", "/sign-in", false, get_sign_in, FOR_ANYONE, false},
    {"POST", "/sign-in", false, post_sign_in, FOR_ANYONE, false},
    {"GET", "/sign-in/code", false, get_code, FOR_ANYONE, false},
    {"POST", "/sign-in/code", false, post_code, FOR_ANYONE, true},
    {"POST", "/sign-out", false, post_sign_out, FOR_SIGNED_IN, true},
    {"GET", "/", false, page_my_supervision, FOR_SIGNED_IN, false},
    {"GET", "/team", false, page_my_team, FOR_SIGNED_IN, false},
    {"GET", "/services", false, page_services, FOR_SIGNED_IN, false},
    {"GET", "/services/", true, page_service, FOR_SIGNED_IN, false},
    {"GET", "/teams/", true, page_team, FOR_SIGNED_IN, false},
    {"GET", "/people/", true, page_person, FOR_SIGNED_IN, false},
    {"GET", "/cases/", true, page_case, FOR_SIGNED_IN, false},
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
    {"GET", "/calendar/", true, page_calendar_feed, FOR_ANYONE, false},
    {"POST", "/account/calendar", false, post_account_calendar, FOR_SIGNED_IN, true},
    {"GET", "/account", false, get_account, FOR_SIGNED_IN, false},
    {"POST", "/account/password", false, post_password, FOR_SIGNED_IN, true},
    {"GET", "/account/two-factor", false, get_two_factor, FOR_SIGNED_IN, false},
    {"POST", "/account/two-factor", false, post_two_factor, FOR_SIGNED_IN, true},
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
};
#define NROUTES (sizeof routes / sizeof routes[0])

bool web_may_upload(void *ctx, const HttpRequest *rq)
{
    WebApp *app = ctx;
    if (strcmp(rq->method, "POST") != 0 || strcmp(rq->path, "/admin/imports") != 0) return false;
    Store *st = borrow(app);
    Visitor v;
    bool ok = find_visitor(st, rq, &v) && v.signed_in && access_admin(&v.viewer);
    give_back(app, st);
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

static void plain(HttpResponse *rs, int status, const char *text)
{
    rs->status = status;
    rs->body.len = 0;
    buf_adds(&rs->body, text);
    rs->content_type = "text/plain; charset=utf-8";
}

void web_handle(void *ctx, const HttpRequest *rq, HttpResponse *rs)
{
    if ((strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0) && assets_respond(rq->path, rs)) return;
    WebApp *app = ctx;
    Store *st = borrow(app);
    Visitor v;
    Req r = {.app = app, .st = st, .rq = rq, .rs = rs, .v = &v, .arg = ""};
    if (!find_visitor(st, rq, &v)) {
        memset(&v, 0, sizeof v);
        page_server_error(&r);
        give_back(app, st);
        return;
    }
    const Route *route = NULL;
    bool path_known = false;
    const char *arg = "";
    char argbuf[128];
    for (size_t i = 0; i < NROUTES && !route; i++)
        if (path_matches(&routes[i], rq->path, &arg, argbuf, sizeof argbuf)) {
            path_known = true;
            if (strcmp(routes[i].method, rq->method) == 0) route = &routes[i];
        }
    r.arg = arg;
    if (!route) {
        if (path_known)
            plain(rs, 405, "Method not allowed\n");
        else
            page_not_found(&r);
    } else if (route->who == FOR_API && !v.signed_in) {
        api_not_signed_in(&r);
    } else if (route->who != FOR_ANYONE && !v.signed_in) {
        if (strcmp(rq->method, "GET") == 0)
            http_redirect(rs, "/sign-in");
        else
            plain(rs, 403, "Sign in first.\n");
    } else if (v.must_enrol && route->page != get_two_factor && route->page != post_two_factor &&
               route->page != post_sign_out) {
        /* Nothing else until two-factor sign-in is set up, as an admin required. */
        if (route->who == FOR_API)
            api_two_factor_first(&r);
        else if (strcmp(rq->method, "GET") == 0)
            http_redirect(rs, "/account/two-factor");
        else
            plain(rs, 403, "Set up two-factor sign-in first.\n");
    } else if (route->csrf && !csrf_ok(rq, &v)) {
        fprintf(stderr, "oversight serve: refused %s %s from %s: form token missing or wrong\n", rq->method,
                rq->path, rq->client);
        plain(rs, 403, "The form had expired. Go back, reload the page and try again.\n");
    } else if (route->who == FOR_ADMIN && !access_admin(&v.viewer)) {
        page_refused(&r, rq->path);
    } else {
        route->page(&r);
    }
    give_back(app, st);
}
