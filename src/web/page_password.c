/* page_password.c: the one-time link on which a person chooses their own
 * password, after an admin made their account or reset its password
 * (svc/password_link.h). Anyone holding the link may open it, with no
 * session: the token in the path is the secret. The form is tied to the
 * browser that opened it by a token in a cookie and a hidden field, as the
 * sign-in form is, and a link that does not work (unknown, used, expired,
 * or of a disabled account) answers one page, 404, whichever it is. */
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "svc/password_link.h"
#include "web/frame.h"
#include "web/routes.h"

#define LINK_COOKIE "ov_link" /* ties the form to this browser */

static void set_link_cookie(Req *r, const char *value, int max_age)
{
    char c[256], age[32] = "";
    if (max_age >= 0) strfmt(age, sizeof age, "; Max-Age=%d", max_age);
    strfmt(c, sizeof c, "%s=%s; Path=%s; HttpOnly; SameSite=Strict%s%s", LINK_COOKIE, value, PASSWORD_LINK_PATH, age,
           r->app->secure_cookies ? "; Secure" : "");
    http_add_header(r->rs, "Set-Cookie", c);
}

/* The start of a page for someone not signed in. */
static void start(Req *r, const char *title)
{
    web_answer_afresh(r);
    HtmlPage page = {.title = title};
    html_page_start(&r->rs->body, &page);
    HTML_RAW(&r->rs->body, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
}

static void end(Req *r)
{
    HTML_RAW(&r->rs->body, "</div></div>");
    html_page_end(&r->rs->body);
}

static void link_gone(Req *r)
{
    log_event(r->rq->client, "password link refused: it does not work");
    r->rs->status = 404;
    start(r, "This link does not work");
    html_f(&r->rs->body,
           "<h1 class=\"govuk-heading-l\">This link does not work</h1>"
           "<p class=\"govuk-body\">A link to choose your password works once, within %d hours of your account"
           " being made or %d hour of a reset. This one has been used, has expired or has been replaced.</p>"
           "<p class=\"govuk-body\">Ask your administrator for a new link. If you have already chosen your"
           " password, <a class=\"govuk-link\" href=\"/sign-in\">sign in</a>.</p>",
           PASSWORD_LINK_NEW_SECONDS / 3600, PASSWORD_LINK_RESET_SECONDS / 3600);
    end(r);
}

/* The form: choose a password (twice), with a problem about field. */
static void choose_form(Req *r, const char *username, const char *form_token, const char *field, const char *problem)
{
    Buf *b = &r->rs->body;
    start(r, problem ? "Error: Choose your password" : "Choose your password");
    if (problem) web_error_summary(b, field, problem);
    html_f(b,
           "<h1 class=\"govuk-heading-l\">Choose your password</h1>"
           "<p class=\"govuk-body\">For the account <strong>%s</strong>. Only you will know it: nobody else, an"
           " administrator included, is ever shown it.</p>"
           "<form method=\"post\" action=\"%s%s\" novalidate>"
           "<input type=\"hidden\" name=\"form\" value=\"%s\">",
           username, PASSWORD_LINK_PATH, r->arg, form_token);
    static const char *const fields[2][2] = {{"password", "New password"}, {"confirm", "New password again"}};
    for (size_t i = 0; i < 2; i++) {
        bool bad = field && strcmp(field, fields[i][0]) == 0;
        html_f(b, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s</label>",
               bad ? " govuk-form-group--error" : "", fields[i][0], fields[i][1]);
        if (i == 0)
            html_f(b,
                   "<div class=\"govuk-hint\" id=\"password-hint\">At least %d characters. A few unrelated words"
                   " make a strong password that is easy to remember.</div>",
                   PASSWORD_MIN);
        if (bad)
            html_f(b,
                   "<p class=\"govuk-error-message\" id=\"%s-error\"><span class=\"govuk-visually-hidden\">Error:"
                   "</span> %s</p>",
                   fields[i][0], problem);
        html_f(b,
               "<input class=\"govuk-input govuk-!-width-one-half%s\" id=\"%s\" name=\"%s\" type=\"password\""
               " autocomplete=\"new-password\"",
               bad ? " govuk-input--error" : "", fields[i][0], fields[i][0]);
        /* The hint's and the error's ids, as ids: markup never goes through %s. */
        if (i == 0 || bad)
            html_f(b, " aria-describedby=\"%s%s%s%s\"", i == 0 ? "password-hint" : "", i == 0 && bad ? " " : "",
                   bad ? fields[i][0] : "", bad ? "-error" : "");
        HTML_RAW(b, "></div>");
    }
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button\">Save my password</button></form>");
    end(r);
}

/* GET /password/{token}: the form, when the link works. */
void page_password_link(Req *r)
{
    char username[USERNAME_MAX + 1];
    SvcResult rc = password_link_check(r->st, r->arg, (int64_t)time(NULL), username);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK) return link_gone(r);
    char form[TOKEN_CHARS + 1];
    account_new_token(form);
    set_link_cookie(r, form, -1);
    choose_form(r, username, form, NULL, NULL);
}

/* POST /password/{token}: the password chosen. */
void post_password_link(Req *r)
{
    const char *form = http_form(r->rq, "form"), *cookie = http_cookie(r->rq, LINK_COOKIE);
    const char *password = http_form(r->rq, "password"), *confirm = http_form(r->rq, "confirm");
    int64_t now = (int64_t)time(NULL);
    char username[USERNAME_MAX + 1], fresh[TOKEN_CHARS + 1];
    SvcResult rc = password_link_check(r->st, r->arg, now, username);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK) return link_gone(r);
    if (!form || !cookie || !account_same_secret(form, cookie)) {
        r->rs->status = 400;
        account_new_token(fresh);
        set_link_cookie(r, fresh, -1);
        return choose_form(r, username, fresh, "password", "Your form had expired: enter your password again");
    }
    const char *field = NULL, *problem = NULL;
    if (!password || !*password)
        field = "password", problem = "Enter a password";
    else if (!confirm || strcmp(password, confirm) != 0)
        field = "confirm", problem = "The two passwords are not the same";
    SvcError e = {0};
    if (!problem) rc = password_link_use(r->st, r->arg, password, now, &e);
    if (!problem && rc == SVC_NOT_FOUND) return link_gone(r);
    if (!problem && rc == SVC_INVALID) field = "password", problem = e.message;
    if (problem) {
        r->rs->status = 400;
        return choose_form(r, username, form, field, problem);
    }
    if (rc != SVC_OK) return page_server_error(r);
    log_event(r->rq->client, "password of \"%s\" chosen through a link", username);
    set_link_cookie(r, "", 0);
    start(r, "Your password is saved");
    HTML_RAW(&r->rs->body, "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">"
                           "Your password is saved</h1></div>"
                           "<p class=\"govuk-body\">The link no longer works. You can now"
                           " <a class=\"govuk-link\" href=\"/sign-in\">sign in</a> with your new password.</p>");
    end(r);
}
