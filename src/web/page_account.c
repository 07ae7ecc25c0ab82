/* page_account.c: signing in (the password, then the second factor when the
 * account has one), signing out, and what an account does to itself: your
 * account, changing your password, setting up two-factor sign-in. The rules
 * and every read and write are the session service's (svc/session.h); these
 * pages hold the forms, the cookies and the server's log lines. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "svc/session.h"
#include "svc/totp.h"
#include "web/frame.h"
#include "web/routes.h"

#define PRE_COOKIE "ov_pre" /* ties the sign-in form to this browser */

static int64_t now(void) { return (int64_t)time(NULL); }

static void set_cookie(Req *r, const char *name, const char *value, int max_age)
{
    char c[256], age[32] = "";
    if (max_age >= 0) strfmt(age, sizeof age, "; Max-Age=%d", max_age);
    strfmt(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value, age,
           r->app->secure_cookies ? "; Secure" : "");
    http_add_header(r->rs, "Set-Cookie", c);
}

/* An attempt from this request, for the throttle. */
static SessionAttempt attempt(const Req *r) { return (SessionAttempt){.client = r->rq->client, .now = now()}; }

/* An attempt paused by the throttle: 429, and when to come back; the log
 * line says what was paused (a literal with one %s, the username). */
#define PAUSED(r, a, what, username)                                                                       \
    do {                                                                                                   \
        log_event((r)->rq->client, what " (%lld seconds to wait)", username, (long long)(a)->retry_after); \
        retry_after(r, a);                                                                                 \
    } while (0)

static void retry_after(Req *r, const SessionAttempt *a)
{
    r->rs->status = 429;
    char wait[24];
    strfmt(wait, sizeof wait, "%lld", (long long)(a->retry_after > 0 ? a->retry_after : 1));
    http_add_header(r->rs, "Retry-After", wait);
}

/* A service failure, logged with what the service said, then the 500 page. */
static void failed(Req *r, const char *what, const SvcError *e)
{
    log_event(r->rq->client, "%s failed: %s", what, e->message[0] ? e->message : "a database error");
    page_server_error(r);
}

/* ---- sign in and out ---- */

/* The sign-in form; it carries on a form posted after the session ended
 * (frame.h), with a word that what was typed is kept. */
static void sign_in_form(Req *r, const char *pre, const char *username, const char *problem)
{
    Buf *b = &r->rs->body;
    bool again = r->rq->path && strcmp(r->rq->path, "/sign-in") != 0 && strcmp(r->rq->method, "POST") == 0;
    web_answer_afresh(r);
    HtmlPage page = {.title = problem ? "Error: Sign in" : "Sign in"};
    html_page_start(b, &page);
    HTML_RAW(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    if (problem) web_error_summary(b, "username", problem);
    HTML_RAW(b, "<h1 class=\"govuk-heading-l\">Sign in</h1>");
    if (web_carrying(r) || (again && web_carry_fits(r)))
        HTML_RAW(b, "<div class=\"govuk-inset-text\">You were signed out while you were typing. What you typed is"
                    " kept: sign in again, then send it.</div>");
    else if (again && web_carry_wanted(r))
        HTML_RAW(b, "<div class=\"govuk-inset-text\">You were signed out. What you sent was too long to keep"
                    " through signing in: sign in, then go back to it.</div>");
    else if (again)
        HTML_RAW(b, "<div class=\"govuk-inset-text\">You were signed out: sign in, then try again.</div>");
    html_f(b,
           "<form method=\"post\" action=\"/sign-in\" novalidate>"
           "<input type=\"hidden\" name=\"pre\" value=\"%s\">"
           "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"username\">Username</label>"
           "<input class=\"govuk-input govuk-!-width-one-half\" id=\"username\" name=\"username\" type=\"text\""
           " autocomplete=\"username\" spellcheck=\"false\" value=\"%s\"></div>"
           "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"password\">Password</label>"
           "<input class=\"govuk-input govuk-!-width-one-half\" id=\"password\" name=\"password\" type=\"password\""
           " autocomplete=\"current-password\"></div>",
           pre, username ? username : "");
    web_carry_hidden(r);
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button\">Sign in</button></form></div></div>");
    html_page_end(b);
}

void page_sign_in(Req *r)
{
    if (r->v->signed_in) return http_redirect(r->rs, "/");
    char pre[TOKEN_CHARS + 1];
    account_new_token(pre);
    set_cookie(r, PRE_COOKIE, pre, -1);
    sign_in_form(r, pre, NULL, NULL);
}

void page_sign_in_again(Req *r)
{
    char pre[TOKEN_CHARS + 1];
    account_new_token(pre);
    set_cookie(r, PRE_COOKIE, pre, -1);
    r->rs->status = 403; /* nothing was done */
    sign_in_form(r, pre, NULL, NULL);
}

static void code_form(Req *r, const char *problem, const char *csrf);

/* The token of the session a sign-in just began, for the form that carries
 * on what was typed (frame.h): false when it cannot be read. */
static bool started_csrf(Req *r, const SessionStarted *s, char *csrf, size_t n, char *username, size_t un)
{
    Session sess;
    if (session_find(r->st, s->token, now(), &sess) != SVC_OK) return false;
    strfmt(csrf, n, "%s", sess.csrf);
    strfmt(username, un, "%s", sess.username);
    return true;
}

void post_sign_in(Req *r)
{
    const HttpRequest *rq = r->rq;
    const char *pre = http_form(rq, "pre"), *cookie = http_cookie(rq, PRE_COOKIE);
    const char *username = http_form(rq, "username"), *password = http_form(rq, "password");
    if (!pre || !cookie || !account_same_secret(pre, cookie)) {
        r->rs->status = 400;
        char fresh[TOKEN_CHARS + 1];
        account_new_token(fresh);
        set_cookie(r, PRE_COOKIE, fresh, -1);
        return sign_in_form(r, fresh, username, "Your sign-in form had expired: sign in again");
    }
    if (!username || !*username || !password || !*password || strlen(username) > USERNAME_MAX) {
        r->rs->status = 400;
        return sign_in_form(r, pre, username, "Enter your username and password");
    }
    SessionStarted s;
    SvcError e = {0};
    SessionAttempt a = attempt(r);
    switch (session_sign_in(r->st, username, password, &a, &s, &e)) {
    case SVC_OK:
        if (s.code_due)
            log_event(rq->client, "password right for \"%s\": two-factor code due", username);
        else
            log_event(rq->client, "signed in as \"%s\"", username);
        set_cookie(r, WEB_SESSION_COOKIE, s.token, -1);
        set_cookie(r, PRE_COOKIE, "", 0);
        if (web_carrying(r)) { /* what was typed goes on: the code first, when due */
            char csrf[sizeof r->v->csrf], who[sizeof r->v->username];
            bool got = started_csrf(r, &s, csrf, sizeof csrf, who, sizeof who);
            account_forget(s.token, sizeof s.token);
            if (!got) return page_server_error(r);
            return s.code_due ? code_form(r, NULL, csrf) : web_carried_page(r, csrf, who);
        }
        account_forget(s.token, sizeof s.token);
        return http_redirect(r->rs, s.code_due ? "/sign-in/code" : "/");
    case SVC_REFUSED:
        PAUSED(r, &a, "sign-in paused for \"%s\"", username);
        return sign_in_form(r, pre, username, e.message);
    case SVC_INVALID:
        log_event(rq->client, "failed sign-in as \"%s\"", username);
        r->rs->status = 401;
        return sign_in_form(r, pre, username, e.message);
    default: return failed(r, "sign-in", &e);
    }
}

void post_sign_out(Req *r)
{
    if (session_end(r->st, r->v->token_hash, now()) != SVC_OK) return page_server_error(r);
    set_cookie(r, WEB_SESSION_COOKIE, "", 0);
    http_redirect(r->rs, "/sign-in");
}

/* ---- the second factor at sign-in ---- */

static void code_form(Req *r, const char *problem, const char *csrf)
{
    Buf *b = &r->rs->body;
    web_answer_afresh(r);
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
           " Oversight now. If you have lost your phone, enter one of your recovery codes.</div>",
           csrf, problem ? " govuk-form-group--error" : "");
    if (problem)
        html_f(b,
               "<p class=\"govuk-error-message\" id=\"code-error\"><span class=\"govuk-visually-hidden\">Error:</span>"
               " %s</p>",
               problem);
    html_f(
        b,
        "<input class=\"govuk-input govuk-input--width-5%s\" id=\"code\" name=\"code\" type=\"text\""
        " inputmode=\"numeric\" autocomplete=\"one-time-code\" spellcheck=\"false\" aria-describedby=\"code-hint%s\">"
        "</div>",
        problem ? " govuk-input--error" : "", problem ? " code-error" : "");
    web_carry_hidden(r);
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button\">Continue</button></form></div></div>");
    html_page_end(b);
}

void page_sign_in_code(Req *r)
{
    if (r->v->signed_in) return http_redirect(r->rs, "/");
    if (!r->v->code_due) return http_redirect(r->rs, "/sign-in");
    code_form(r, NULL, r->v->csrf);
}

void post_sign_in_code(Req *r)
{
    const Visitor *v = r->v;
    if (!v->code_due) return http_redirect(r->rs, "/sign-in");
    SessionStarted s;
    SvcError e = {0};
    SessionAttempt a = attempt(r);
    switch (session_second_factor(r->st, v->token_hash, http_form(r->rq, "code"), &a, &s, &e)) {
    case SVC_OK:
        log_event(r->rq->client, "signed in as \"%s\" with %s", v->username,
                  s.recovery_used ? "a recovery code (now spent)" : "a two-factor code");
        set_cookie(r, WEB_SESSION_COOKIE, s.token, -1);
        if (web_carrying(r)) {
            char csrf[sizeof v->csrf], who[sizeof v->username];
            bool got = started_csrf(r, &s, csrf, sizeof csrf, who, sizeof who);
            account_forget(s.token, sizeof s.token);
            return got ? web_carried_page(r, csrf, who) : page_server_error(r);
        }
        account_forget(s.token, sizeof s.token);
        return http_redirect(r->rs, "/");
    case SVC_REFUSED:
        PAUSED(r, &a, "second factor locked for \"%s\" by wrong codes", v->username);
        return code_form(r, e.message, v->csrf);
    case SVC_INVALID:
        log_event(r->rq->client, "wrong two-factor code for \"%s\"", v->username);
        r->rs->status = 401;
        return code_form(r, e.message, v->csrf);
    case SVC_CONFLICT: r->rs->status = 409; return code_form(r, e.message, v->csrf);
    default: return failed(r, "two-factor code", &e);
    }
}

/* ---- your account ---- */

/* The account page, with a problem at one of the password form's fields
 * ("current", "new" or "confirm") when field is given. */
static void account_form(Req *r, const char *field, const char *problem)
{
    Buf *b = &r->rs->body;
    page_start(r, problem ? "Error: Your account" : "Your account", "/account");
    HTML_RAW(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    if (problem) web_error_summary(b, field, problem);
    html_f(b,
           "<h1 class=\"govuk-heading-l\">Your account</h1>"
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
            html_f(b,
                   "<div class=\"govuk-hint\" id=\"new-hint\">At least %d characters. A few unrelated words"
                   " make a strong password that is easy to remember.</div>",
                   PASSWORD_MIN);
        if (bad)
            html_f(
                b,
                "<p class=\"govuk-error-message\" id=\"%s-error\"><span class=\"govuk-visually-hidden\">Error:</span>"
                " %s</p>",
                fields[i][0], problem);
        html_f(b,
               "<input class=\"govuk-input govuk-!-width-one-half%s\" id=\"%s\" name=\"%s\" type=\"password\""
               " autocomplete=\"%s\"",
               bad ? " govuk-input--error" : "", fields[i][0], fields[i][0], fields[i][2]);
        /* The hint's and the error's ids, as ids: markup never goes through %s. */
        if (i == 1 || bad)
            html_f(b, " aria-describedby=\"%s%s%s%s\"", i == 1 ? "new-hint" : "", i == 1 && bad ? " " : "",
                   bad ? fields[i][0] : "", bad ? "-error" : "");
        HTML_RAW(b, "></div>");
    }
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button\">Change password</button></form>");
    html_f(b,
           "<h2 class=\"govuk-heading-m\">Two-factor sign-in</h2><p class=\"govuk-body\">%s</p>"
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/account/two-factor\">%s</a></p>",
           r->v->totp_enabled ? "On: you sign in with your password and a code from your authenticator app."
                              : "Off: you sign in with your password only.",
           r->v->totp_enabled ? "Turn off two-factor sign-in" : "Set up two-factor sign-in");
    account_calendar_section(r);
    account_notify_section(r);
    account_notices_section(r);
    HTML_RAW(b, "</div></div>");
    page_end(r);
}

void page_account(Req *r) { account_form(r, NULL, NULL); }

void post_account_password(Req *r)
{
    SvcError e = {0};
    SessionAttempt a = attempt(r);
    SvcResult rc = session_change_password(r->st, r->v->username, http_form(r->rq, "current"), http_form(r->rq, "new"),
                                           http_form(r->rq, "confirm"), &a, &e);
    if (rc == SVC_OK) {
        log_event(r->rq->client, "password changed by \"%s\"", r->v->username);
        /* Every session of the account has ended, this one too. */
        set_cookie(r, WEB_SESSION_COOKIE, "", 0);
        return http_redirect(r->rs, "/sign-in");
    }
    if (rc == SVC_REFUSED) {
        PAUSED(r, &a, "password change paused for \"%s\"", r->v->username);
        return account_form(r, "current", e.message);
    }
    if (rc == SVC_FAILED) return failed(r, "password change", &e);
    if (rc == SVC_INVALID && strcmp(e.field, "current") == 0)
        log_event(r->rq->client, "password change: wrong current password for \"%s\"", r->v->username);
    if (web_svc_refusal(r, rc, r->rq->path)) return;
    account_form(r, e.field, e.message);
}

/* ---- two-factor set-up ---- */

/* The key as people type it: groups of four. */
static void spaced_key(const char *secret, char out[TOTP_SECRET_CHARS * 5 / 4 + 1])
{
    size_t n = 0;
    for (size_t i = 0; secret[i] && i < TOTP_SECRET_CHARS; i++) {
        if (i && i % 4 == 0) out[n++] = ' ';
        out[n++] = secret[i];
    }
    out[n] = 0;
}

/* A text field of the two-factor form, with its problem when it has one. */
static void two_factor_field(Buf *b, const char *name, const char *label, const char *type, const char *autocomplete,
                             const char *field, const char *problem)
{
    bool bad = field && problem && strcmp(field, name) == 0;
    html_f(b, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s</label>",
           bad ? " govuk-form-group--error" : "", name, label);
    if (bad)
        html_f(b,
               "<p class=\"govuk-error-message\" id=\"%s-error\"><span class=\"govuk-visually-hidden\">Error:</span>"
               " %s</p>",
               name, problem);
    bool password = strcmp(type, "password") == 0;
    html_f(
        b,
        "<input class=\"govuk-input %s%s\" id=\"%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\" spellcheck=\"false\"",
        password ? "govuk-!-width-one-half" : "govuk-input--width-10", bad ? " govuk-input--error" : "", name, name,
        type, autocomplete);
    if (bad) html_f(b, " aria-describedby=\"%s-error\"", name);
    HTML_RAW(b, "></div>");
}

/* The two-factor page: set-up (with the offer sent back, or a new one) or
 * turning off; a problem at field "password" or "code" when given. The page
 * writes nothing: the secret it offers travels sealed in the form. */
static void two_factor_form(Req *r, const char *field, const char *problem, const char *offer_in)
{
    Buf *b = &r->rs->body;
    const Visitor *v = r->v;
    char secret[TOTP_SECRET_CHARS + 1] = "", offer[SEALED_MAX] = "";
    SvcError e = {0};
    if (!v->totp_enabled) {
        if (!offer_in || session_totp_offered(v->user_ref, offer_in, now(), secret, &e) != SVC_OK) {
            if (session_totp_offer(v->user_ref, now(), secret, offer, &e) != SVC_OK)
                return failed(r, "two-factor set-up", &e);
        } else {
            strfmt(offer, sizeof offer, "%s", offer_in);
        }
    }
    page_start(r, problem ? "Error: Two-factor sign-in" : "Two-factor sign-in", "/account");
    HTML_RAW(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    if (problem) web_error_summary(b, field && *field ? field : "code", problem);
    HTML_RAW(b, "<h1 class=\"govuk-heading-l\">Two-factor sign-in</h1>");
    if (!v->totp_enabled) {
        if (v->must_enrol)
            HTML_RAW(b, "<div class=\"govuk-inset-text\">Your organisation asks you to set up two-factor sign-in before"
                        " you go on.</div>");
        Buf uri = {0};
        totp_uri(&uri, "Oversight", v->username, secret);
        HTML_RAW(b,
                 "<p class=\"govuk-body\">With two-factor sign-in you enter a code from an authenticator app on your"
                 " phone after your password, so a stolen password is not enough to sign in as you.</p>"
                 "<ol class=\"govuk-list govuk-list--number\"><li>Open your authenticator app and add an account.</li>"
                 "<li>Scan this QR code, or enter the key below.</li><li>Enter the 6-digit code the app shows, and"
                 " your password.</li></ol><div class=\"app-qr\">");
        totp_qr_svg(b, buf_str(&uri));
        if (uri.data) account_forget(uri.data, uri.len);
        buf_free(&uri);
        char key[TOTP_SECRET_CHARS * 5 / 4 + 1];
        spaced_key(secret, key);
        html_f(b, "</div><p class=\"govuk-body\">Key: <code class=\"app-secret\">%s</code></p>", key);
        account_forget(key, sizeof key);
        account_forget(secret, sizeof secret);
    } else {
        HTML_RAW(b, "<p class=\"govuk-body\">Two-factor sign-in is on. To turn it off, enter your password and a"
                    " code from your app (or one of your recovery codes).</p>");
    }
    /* The form says what it is for: a page left open from before the
     * factor was switched must not switch it back. */
    html_f(b,
           "<form method=\"post\" action=\"/account/two-factor\" novalidate>"
           "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"turn\" value=\"%s\">",
           v->csrf, v->totp_enabled ? "off" : "on");
    if (!v->totp_enabled) html_f(b, "<input type=\"hidden\" name=\"offer\" value=\"%s\">", offer);
    two_factor_field(b, "code", "Code from your app", "text", "one-time-code", field, problem);
    two_factor_field(b, "password", "Your password", "password", "current-password", field, problem);
    html_f(b, "<button type=\"submit\" class=\"govuk-button%s\">%s</button></form></div></div>",
           v->totp_enabled ? " govuk-button--warning" : "", v->totp_enabled ? "Turn off" : "Turn on");
    page_end(r);
}

void page_two_factor(Req *r) { two_factor_form(r, NULL, NULL, NULL); }

/* The recovery codes, shown once, when two-factor sign-in has just been turned on. */
static void recovery_codes_page(Req *r, RecoveryCodes *codes)
{
    Buf *b = &r->rs->body;
    page_start(r, "Two-factor sign-in is on", "/account");
    HTML_RAW(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">"
                "Two-factor sign-in is on</h1></div>"
                "<h2 class=\"govuk-heading-m\">Your recovery codes</h2>"
                "<p class=\"govuk-body\">If you lose your phone, sign in with your password and one of these codes"
                " instead of a code from the app. Each works once. Keep them somewhere safe, away from your phone:"
                " they are shown only now.</p><ul class=\"govuk-list app-recovery-codes\">");
    for (int i = 0; i < RECOVERY_CODES; i++) html_f(b, "<li><code>%s</code></li>", codes->code[i]);
    account_forget((char *)codes, sizeof *codes);
    HTML_RAW(b, "</ul><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/account\">Back to your account</a></p>"
                "</div></div>");
    page_end(r);
}

void post_two_factor(Req *r)
{
    const Visitor *v = r->v;
    SvcError e = {0};
    SessionAttempt a = attempt(r);
    const char *turn = http_form(r->rq, "turn"), *password = http_form(r->rq, "password");
    const char *code = http_form(r->rq, "code"), *offer = http_form(r->rq, "offer");
    bool turn_on = turn ? strcmp(turn, "on") == 0 : !v->totp_enabled;
    RecoveryCodes codes;
    SvcResult rc = turn_on ? session_two_factor_on(r->st, v->username, password, offer, code, &a, &codes, &e)
                           : session_two_factor_off(r->st, v->username, password, code, &a, &e);
    const char *what = turn_on ? "turning on two-factor sign-in" : "turning off two-factor sign-in";
    if (rc == SVC_OK) {
        log_event(r->rq->client, "two-factor sign-in turned %s by \"%s\"", turn_on ? "on" : "off", v->username);
        if (turn_on) return recovery_codes_page(r, &codes);
        return http_redirect(r->rs, "/account");
    }
    if (rc == SVC_REFUSED) {
        PAUSED(r, &a, "two-factor change paused for \"%s\"", v->username);
        return two_factor_form(r, "password", e.message, offer);
    }
    if (rc == SVC_FAILED) return failed(r, what, &e);
    if (rc == SVC_INVALID)
        log_event(r->rq->client, "%s: wrong %s for \"%s\"", what,
                  strcmp(e.field, "password") == 0 ? "password" : "code", v->username);
    if (web_svc_refusal(r, rc, r->rq->path)) return;
    if (rc == SVC_CONFLICT && turn_on != !v->totp_enabled) return page_conflict(r, e.message);
    two_factor_form(r, e.field, e.message, offer);
}
