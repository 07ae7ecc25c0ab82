/* web_admin.c: the admin pages: CSV imports (the same validation and
 * messages as `oversight import`), accounts and roles, teams' services and
 * managers, and the policy. Admins see no record content here: names of
 * teams and staff ids, never supervision or cases. Every change is written
 * to the audit log in the transaction that makes it. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "svc/import.h"
#include "web/frame.h"
#include "web/routes.h"

/* ---- pieces ---- */

static void heading(Req *r, const char *title, const char *caption)
{
    page_start(r, title, "/admin");
    html_f(&r->rs->body, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", caption,
           title);
}

static void banner(Buf *b, const char *title, const char *text)
{
    html_f(b, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\""
              " aria-labelledby=\"banner-title\" data-module=\"govuk-notification-banner\">"
              "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\""
              " id=\"banner-title\">Success</h2></div><div class=\"govuk-notification-banner__content\">"
              "<h3 class=\"govuk-notification-banner__heading\">%s</h3><p class=\"govuk-body\">%s</p></div></div>",
           title, text);
}

static void csrf_field(Req *r) { html_f(&r->rs->body, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->v->csrf); }

/* Adds an audit row in the caller's transaction. */
static bool audit(Req *r, const char *action, const char *detail)
{
    Param p[] = {P_INT((int64_t)time(NULL)), P_INT(r->v->user_ref), P_STR(action), P_STR(detail)};
    return store_exec(r->st, STMT_AUDIT_ADD, p, 4, NULL) == STORE_OK;
}

/* Runs an account change (its own transaction) and then its audit row. */
static bool audited(Req *r, const char *action, const char *detail)
{
    bool ok = store_begin(r->st) == STORE_OK && audit(r, action, detail) && store_commit(r->st) == STORE_OK;
    store_rollback(r->st);
    return ok;
}

static void text_input(Buf *b, const char *id, const char *label, const char *hint, const char *value,
                       const char *error, const char *width)
{
    html_f(b, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s</label>",
           error ? " govuk-form-group--error" : "", id, label);
    if (hint) html_f(b, "<div class=\"govuk-hint\" id=\"%s-hint\">%s</div>", id, hint);
    if (error)
        html_f(b, "<p class=\"govuk-error-message\" id=\"%s-error\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
               id, error);
    char described[96] = "";
    if (hint || error)
        strfmt(described, sizeof described, " aria-describedby=\"%s%s%s%s%s\"", hint ? id : "", hint ? "-hint" : "",
               hint && error ? " " : "", error ? id : "", error ? "-error" : "");
    html_f(b, "<input class=\"govuk-input %s%s\" id=\"%s\" name=\"%s\" type=\"text\" spellcheck=\"false\" value=\"%s\"",
           width, error ? " govuk-input--error" : "", id, id, value ? value : "");
    buf_adds(b, described);
    HTML_RAW(b, "></div>");
}

/* ---- the admin home ---- */

void page_admin(Req *r)
{
    Buf *b = &r->rs->body;
    heading(r, "Administration", "Admin");
    HTML_RAW(b, "<ul class=\"govuk-list\">"
                "<li><a class=\"govuk-link\" href=\"/admin/imports\">Import the organisation's data</a></li>"
                "<li><a class=\"govuk-link\" href=\"/admin/users\">Accounts and roles</a></li>"
                "<li><a class=\"govuk-link\" href=\"/admin/teams\">Teams, services and managers</a></li>"
                "<li><a class=\"govuk-link\" href=\"/admin/policy\">The supervision policy</a></li></ul>");
    StoreRows *q = store_query(r->st, STMT_ADMIN_AUDIT, NULL, 0);
    if (!q) return page_server_error(r);
    static const char *const heads[] = {"When (UTC)", "Who", "What", "Detail", NULL};
    int got;
    size_t n = 0;
    while ((got = store_next(q)) == 1) {
        if (!n++) {
            html_f(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
                      "Recent changes</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
            for (const char *const *h = heads; *h; h++) html_f(b, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", *h);
            HTML_RAW(b, "</tr></thead><tbody class=\"govuk-table__body\">");
        }
        time_t at = (time_t)store_col_int(q, 0);
        char when[32];
        struct tm tm;
        gmtime_r(&at, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>",
               when, store_col_text(q, 1, NULL), store_col_text(q, 2, NULL), store_col_text(q, 3, NULL));
    }
    store_rows_close(q);
    if (got < 0) return page_server_error(r);
    if (n) HTML_RAW(b, "</tbody></table>");
    page_end(r);
}

/* ---- imports ---- */

static const char *const kind_labels[IMPORT_KIND_COUNT] = {
    [IMPORT_STAFF] = "Staff", [IMPORT_TEAMS] = "Teams (services and managers)", [IMPORT_CASES] = "Cases",
    [IMPORT_SESSIONS] = "Sessions", [IMPORT_DISCUSSIONS] = "Case discussions"};
/* The order the files are imported in. */
static const ImportKind kind_order[IMPORT_KIND_COUNT] = {IMPORT_STAFF, IMPORT_TEAMS, IMPORT_CASES, IMPORT_SESSIONS,
                                                         IMPORT_DISCUSSIONS};

static void imports_page(Req *r, const char *kind, const ImportReport *rep, const char *problem)
{
    Buf *b = &r->rs->body;
    b->len = 0;
    bool failed = problem || (rep && rep->nerrors);
    heading(r, failed ? "Error: Import data" : "Import data", "Admin");
    if (failed) {
        HTML_RAW(b, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
                    "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
                    "<div class=\"govuk-error-summary__body\">");
        if (rep && rep->nerrors)
            html_f(b, "<p class=\"govuk-body\">Nothing was imported. Correct the file and upload it again.</p>");
        HTML_RAW(b, "<ul class=\"govuk-list govuk-error-summary__list\">");
        if (problem) html_f(b, "<li><a href=\"#%s\">%s</a></li>", kind ? "file" : "kind", problem);
        for (size_t i = 0; rep && i < rep->nerrors; i++) html_f(b, "<li><a href=\"#file\">%s</a></li>", rep->errors[i]);
        HTML_RAW(b, "</ul></div></div></div>");
    } else if (rep) {
        char text[128];
        strfmt(text, sizeof text, "%ld rows were imported.", rep->rows);
        banner(b, "The file was imported", text);
    }
    if (rep && rep->nwarnings) {
        html_f(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
                  "<div class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
                  "Check these rows:<ul class=\"govuk-list govuk-list--bullet\">");
        for (size_t i = 0; i < rep->nwarnings; i++) html_f(b, "<li>%s</li>", rep->warnings[i]);
        HTML_RAW(b, "</ul></div></div>");
    }
    html_f(b, "<p class=\"govuk-body\">Each file is checked whole: if any row is wrong, nothing is imported and"
              " every problem is listed by line and column. Import staff first, then teams, cases, sessions and"
              " case discussions. The columns are described in the import guide (docs/import.md).</p>"
              "<form method=\"post\" action=\"/admin/imports\" enctype=\"multipart/form-data\" novalidate>");
    csrf_field(r);
    bool kind_missing = problem && !kind;
    html_f(b, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\"%s>"
              "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">What is in the file?</legend>",
           kind_missing ? " govuk-form-group--error" : "", kind_missing ? " aria-describedby=\"kind-error\"" : "");
    if (kind_missing)
        html_f(b, "<p class=\"govuk-error-message\" id=\"kind-error\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
               problem);
    HTML_RAW(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">");
    for (int i = 0; i < IMPORT_KIND_COUNT; i++) {
        const char *name = import_kind_name(kind_order[i]);
        html_f(b, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%s\" name=\"kind\""
                  " type=\"radio\" value=\"%s\"%s><label class=\"govuk-label govuk-radios__label\" for=\"%s\">%s</label></div>",
               i == 0 ? "kind" : name, name, kind && strcmp(kind, name) == 0 ? " checked" : "", i == 0 ? "kind" : name,
               kind_labels[kind_order[i]]);
    }
    HTML_RAW(b, "</div></fieldset></div>");
    bool file_bad = failed && !kind_missing;
    html_f(b, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-label--m\" for=\"file\">The CSV file</label>",
           file_bad ? " govuk-form-group--error" : "");
    if (file_bad)
        html_f(b, "<p class=\"govuk-error-message\" id=\"file-error\"><span class=\"govuk-visually-hidden\">Error:</span>"
                  " %s</p>",
               problem ? problem : "The file has problems, listed above");
    html_f(b, "<input class=\"govuk-file-upload%s\" id=\"file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\"%s></div>"
              "<button type=\"submit\" class=\"govuk-button\">Import</button></form>",
           file_bad ? " govuk-file-upload--error" : "", file_bad ? " aria-describedby=\"file-error\"" : "");

    StoreRows *q = store_query(r->st, STMT_ADMIN_IMPORTS, NULL, 0);
    if (!q) return page_server_error(r);
    int got;
    size_t n = 0;
    while ((got = store_next(q)) == 1) {
        if (!n++)
            HTML_RAW(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
                        "Recent imports</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                        "<th scope=\"col\" class=\"govuk-table__header\">Kind</th>"
                        "<th scope=\"col\" class=\"govuk-table__header\">File</th>"
                        "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Rows</th>"
                        "<th scope=\"col\" class=\"govuk-table__header\">When (UTC)</th></tr></thead>"
                        "<tbody class=\"govuk-table__body\">");
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld</td><td class=\"govuk-table__cell\">%s</td></tr>",
               store_col_text(q, 0, NULL), store_col_text(q, 1, NULL), (long)store_col_int(q, 2),
               store_col_text(q, 3, NULL));
    }
    store_rows_close(q);
    if (got < 0) return page_server_error(r);
    if (n) HTML_RAW(b, "</tbody></table>");
    page_end(r);
}

void page_admin_imports(Req *r) { imports_page(r, NULL, NULL, NULL); }

/* A file name as the browser gave it, reduced to its last part. */
static const char *base_name(const char *name)
{
    const char *slash = strrchr(name, '/'), *back = strrchr(name, '\\');
    if (back > slash) slash = back;
    return slash ? slash + 1 : name;
}

void post_admin_import(Req *r)
{
    const char *kind = http_form(r->rq, "kind");
    ImportKind k;
    if (!kind || !import_kind_parse(kind, &k)) {
        r->rs->status = 400;
        return imports_page(r, NULL, NULL, "Select what is in the file");
    }
    if (!r->rq->upload || !r->rq->upload_name || !r->rq->upload_name[0]) {
        r->rs->status = 400;
        return imports_page(r, kind, NULL, "Select a CSV file");
    }
    char name[128];
    strfmt(name, sizeof name, "%s", base_name(r->rq->upload_name));
    CsvReader *csv = csv_new_mem(r->rq->upload, r->rq->upload_len);
    ImportReport rep;
    int rc = import_run(r->st, r->app->pol, k, csv, name, &rep);
    csv_free(csv);
    if (rc == IMPORT_ENV) {
        import_report_free(&rep);
        return page_server_error(r);
    }
    if (rc == IMPORT_OK) {
        char detail[256];
        strfmt(detail, sizeof detail, "%s file %s: %ld rows", kind, name, rep.rows);
        if (!audited(r, "import", detail)) {
            import_report_free(&rep);
            return page_server_error(r);
        }
    } else {
        r->rs->status = 400;
    }
    imports_page(r, kind, &rep, NULL);
    import_report_free(&rep);
}

/* ---- accounts ---- */

static void users_page(Req *r, const char *notice_title, const char *notice, const char *field, const char *problem,
                       const char *username, const char *staff)
{
    Buf *b = &r->rs->body;
    b->len = 0;
    heading(r, problem ? "Error: Accounts and roles" : "Accounts and roles", "Admin");
    if (problem)
        web_error_summary(b, field, problem);
    if (notice) banner(b, notice_title, notice);

    /* Roles by user, read first so each user's row can show them. */
    StoreRows *q = store_query(r->st, STMT_ADMIN_USER_ROLES, NULL, 0);
    if (!q) return page_server_error(r);
    Buf roles = {0};
    int got;
    while ((got = store_next(q)) == 1) {
        const char *scope = store_col_text(q, 2, NULL);
        buf_addf(&roles, "%s\n%s%s%s\n", store_col_text(q, 0, NULL), store_col_text(q, 1, NULL), *scope ? ":" : "", scope);
    }
    store_rows_close(q);
    if (got < 0) {
        buf_free(&roles);
        return page_server_error(r);
    }
    q = store_query(r->st, STMT_ADMIN_USERS, NULL, 0);
    if (!q) {
        buf_free(&roles);
        return page_server_error(r);
    }
    HTML_RAW(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Accounts</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Username</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Staff record</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Roles</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Two-factor</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Change</th></tr></thead><tbody class=\"govuk-table__body\">");
    while ((got = store_next(q)) == 1) {
        const char *user = store_col_text(q, 0, NULL);
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\">",
               user, store_col_text(q, 1, NULL));
        size_t un = strlen(user), listed = 0;
        for (const char *line = buf_str(&roles); *line;) {
            const char *nl = strchr(line, '\n'), *role = nl + 1, *end = strchr(role, '\n');
            if ((size_t)(nl - line) == un && strncmp(line, user, un) == 0) {
                char one[ACCESS_NAME_MAX + 32];
                strfmt(one, sizeof one, "%.*s", (int)(end - role), role);
                html_f(b, "%s%s", listed++ ? ", " : "", one);
            }
            line = end + 1;
        }
        if (!listed) HTML_RAW(b, "none");
        bool disabled = store_col_int(q, 3) != 0, totp = store_col_int(q, 4) != 0, required = store_col_int(q, 5) != 0;
        html_f(b, "</td><td class=\"govuk-table__cell\">%s%s</td><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/admin/users/%u\">Change"
                  "<span class=\"govuk-visually-hidden\"> %s</span></a></td></tr>",
               totp ? "on" : "off", required ? " (required)" : "", disabled ? "disabled" : "active", user, user);
    }
    store_rows_close(q);
    buf_free(&roles);
    if (got < 0) return page_server_error(r);
    HTML_RAW(b, "</tbody></table><h2 class=\"govuk-heading-m\">Add an account</h2>"
                "<form method=\"post\" action=\"/admin/users\" novalidate>");
    csrf_field(r);
    text_input(b, "username", "Username", "Letters, digits, '.', '_' or '-'.", username,
               field && strcmp(field, "username") == 0 ? problem : NULL, "govuk-!-width-one-half");
    text_input(b, "staff", "Staff id (optional)", "Links the account to a staff record: its supervision and what it manages.",
               staff, field && strcmp(field, "staff") == 0 ? problem : NULL, "govuk-!-width-one-quarter");
    HTML_RAW(b, "<p class=\"govuk-body\">A first password is made and shown once, to hand over.</p>"
                "<button type=\"submit\" class=\"govuk-button\">Add account</button></form>");
    page_end(r);
}

void page_admin_users(Req *r) { users_page(r, NULL, NULL, NULL, NULL, NULL, NULL); }

void post_admin_users(Req *r)
{
    const char *username = http_form(r->rq, "username"), *staff = http_form(r->rq, "staff");
    if (!username || !*username) {
        r->rs->status = 400;
        return users_page(r, NULL, NULL, "username", "Enter a username", username, staff);
    }
    char password[21], err[256];
    account_random_password(password);
    AccountResult ar = account_add(r->st, username, staff && *staff ? staff : NULL, password, NULL, 0, err, sizeof err);
    if (ar == ACCOUNT_ENV) return page_server_error(r);
    if (ar != ACCOUNT_OK) {
        r->rs->status = 400;
        return users_page(r, NULL, NULL, strstr(err, "staff") == err ? "staff" : "username", err, username, staff);
    }
    char detail[160], text[200];
    strfmt(detail, sizeof detail, "account %s added%s%s", username, staff && *staff ? " for staff " : "",
           staff && *staff ? staff : "");
    if (!audited(r, "account", detail)) return page_server_error(r);
    strfmt(text, sizeof text, "Its first password is %s - hand it over privately; it is not shown again.", password);
    users_page(r, "The account was added", text, NULL, NULL, NULL, NULL);
    account_forget(password, sizeof password);
}

static void user_page(Req *r, const char *field, const char *problem)
{
    Buf *b = &r->rs->body;
    b->len = 0;
    Param p[] = {P_STR(r->arg)};
    int64_t ref;
    int rc = store_query_int(r->st, STMT_ADMIN_USER_REF, p, 1, &ref);
    if (rc < 0) return page_server_error(r);
    if (rc == 0) return page_not_found(r);
    heading(r, problem ? "Error: Change an account" : "Change an account", r->arg);
    if (problem)
        web_error_summary(b, field, problem);
    html_f(b, "<h2 class=\"govuk-heading-m\">Grant or remove a role</h2>"
              "<form method=\"post\" action=\"/admin/users/%u\" novalidate>",
           r->arg);
    csrf_field(r);
    html_f(b, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"role\">Role</label>"
              "<select class=\"govuk-select\" id=\"role\" name=\"role\"><option value=\"auditor\">Auditor</option>"
              "<option value=\"senior-manager\">Senior manager of a service</option><option value=\"admin\">Admin</option>"
              "</select></div>");
    text_input(b, "scope", "Service (senior managers only)", NULL, NULL,
               field && strcmp(field, "scope") == 0 ? problem : NULL, "govuk-!-width-one-half");
    HTML_RAW(b, "<div class=\"govuk-button-group\">"
                "<button type=\"submit\" name=\"action\" value=\"grant\" class=\"govuk-button\">Grant role</button>"
                "<button type=\"submit\" name=\"action\" value=\"revoke\" class=\"govuk-button govuk-button--secondary\">"
                "Remove role</button></div></form>");
    html_f(b, "<h2 class=\"govuk-heading-m\">Sign-in</h2><form method=\"post\" action=\"/admin/users/%u\" novalidate>",
           r->arg);
    csrf_field(r);
    HTML_RAW(b, "<div class=\"govuk-button-group\">"
                "<button type=\"submit\" name=\"action\" value=\"require-two-factor\" class=\"govuk-button govuk-button--secondary\">"
                "Require two-factor sign-in</button>"
                "<button type=\"submit\" name=\"action\" value=\"reset-password\" class=\"govuk-button govuk-button--secondary\">"
                "Reset password</button>"
                "<button type=\"submit\" name=\"action\" value=\"disable\" class=\"govuk-button govuk-button--warning\">"
                "Disable account</button></div></form>"
                "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/admin/users\">Back to accounts</a></p>");
    page_end(r);
}

void page_admin_user(Req *r) { user_page(r, NULL, NULL); }

void post_admin_user(Req *r)
{
    const char *action = http_form(r->rq, "action");
    char err[256], detail[256];
    Param p[] = {P_STR(r->arg)};
    int64_t ref;
    int rc = store_query_int(r->st, STMT_ADMIN_USER_REF, p, 1, &ref);
    if (rc < 0) return page_server_error(r);
    if (rc == 0) return page_not_found(r);
    if (action && strcmp(action, "disable") == 0) {
        if (ref == r->v->user_ref) {
            r->rs->status = 400;
            return user_page(r, "role", "You cannot disable your own account");
        }
        AccountResult ar = account_disable(r->st, r->arg, err, sizeof err);
        if (ar != ACCOUNT_OK) return page_server_error(r);
        strfmt(detail, sizeof detail, "account %s disabled", r->arg);
        if (!audited(r, "account", detail)) return page_server_error(r);
        return users_page(r, "The account was disabled", "Its sessions have ended.", NULL, NULL, NULL, NULL);
    }
    if (action && strcmp(action, "reset-password") == 0) {
        char password[21], text[200];
        account_random_password(password);
        if (account_set_password(r->st, r->arg, password, err, sizeof err) != ACCOUNT_OK) return page_server_error(r);
        strfmt(detail, sizeof detail, "password of %s reset", r->arg);
        if (!audited(r, "account", detail)) return page_server_error(r);
        strfmt(text, sizeof text, "The new password of %s is %s - hand it over privately; it is not shown again.",
               r->arg, password);
        account_forget(password, sizeof password);
        return users_page(r, "The password was reset", text, NULL, NULL, NULL, NULL);
    }
    if (action && strcmp(action, "require-two-factor") == 0) {
        Param t[] = {P_INT(ref), P_INT(1)};
        strfmt(detail, sizeof detail, "two-factor sign-in required of %s", r->arg);
        bool ok = store_begin(r->st) == STORE_OK && store_exec(r->st, STMT_USER_SET_TOTP_REQUIRED, t, 2, NULL) == STORE_OK &&
                  audit(r, "account", detail) && store_commit(r->st) == STORE_OK;
        store_rollback(r->st);
        if (!ok) return page_server_error(r);
        return users_page(r, "Two-factor sign-in is required",
                          "The account must set it up the next time it signs in.", NULL, NULL, NULL, NULL);
    }
    bool grant = action && strcmp(action, "grant") == 0, revoke = action && strcmp(action, "revoke") == 0;
    if (!grant && !revoke) {
        r->rs->status = 400;
        return user_page(r, "role", "Choose what to change");
    }
    const char *role = http_form(r->rq, "role"), *scope = http_form(r->rq, "scope");
    scope = scope ? scope : "";
    bool senior = role && strcmp(role, "senior-manager") == 0;
    if (!role || (!senior && strcmp(role, "admin") != 0 && strcmp(role, "auditor") != 0)) {
        r->rs->status = 400;
        return user_page(r, "role", "Choose a role");
    }
    if (senior && (!*scope || strlen(scope) > ACCESS_NAME_MAX)) {
        r->rs->status = 400;
        return user_page(r, "scope", "Enter the service this person is senior manager of");
    }
    if (!senior) scope = "";
    if (revoke && ref == r->v->user_ref && strcmp(role, "admin") == 0) {
        r->rs->status = 400;
        return user_page(r, "role", "You cannot remove your own admin role");
    }
    Param g[] = {P_INT(ref), P_STR(role), P_STR(scope)};
    strfmt(detail, sizeof detail, "%s %s%s%s %s %s", grant ? "granted" : "removed", role, *scope ? ":" : "", scope,
           grant ? "to" : "from", r->arg);
    bool ok = store_begin(r->st) == STORE_OK &&
              store_exec(r->st, grant ? STMT_USER_ROLE_ADD : STMT_USER_ROLE_REMOVE, g, 3, NULL) == STORE_OK &&
              audit(r, "role", detail) && store_commit(r->st) == STORE_OK;
    store_rollback(r->st);
    if (!ok) return page_server_error(r);
    users_page(r, grant ? "The role was granted" : "The role was removed", detail, NULL, NULL, NULL, NULL);
}

/* ---- teams ---- */

void page_admin_teams(Req *r)
{
    Buf *b = &r->rs->body;
    heading(r, "Teams, services and managers", "Admin");
    StoreRows *q = store_query(r->st, STMT_ADMIN_TEAMS, NULL, 0);
    if (!q) return page_server_error(r);
    HTML_RAW(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">Teams</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Team</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Service</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Manager</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Staff</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Change</th></tr></thead><tbody class=\"govuk-table__body\">");
    int got;
    while ((got = store_next(q)) == 1) {
        const char *team = store_col_text(q, 0, NULL);
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld</td>"
                  "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/admin/teams/%u\">Change"
                  "<span class=\"govuk-visually-hidden\"> %s</span></a></td></tr>",
               team, store_col_text(q, 1, NULL), store_col_text(q, 2, NULL), (long)store_col_int(q, 4), team, team);
    }
    store_rows_close(q);
    if (got < 0) return page_server_error(r);
    HTML_RAW(b, "</tbody></table>");
    page_end(r);
}

static void team_form(Req *r, const char *service, const char *manager, const char *field, const char *problem)
{
    Buf *b = &r->rs->body;
    b->len = 0;
    heading(r, problem ? "Error: Change a team" : "Change a team", r->arg);
    if (problem)
        web_error_summary(b, field, problem);
    html_f(b, "<form method=\"post\" action=\"/admin/teams/%u\" novalidate>", r->arg);
    csrf_field(r);
    text_input(b, "service", "Service", "A new name creates the service. Leave empty for none.", service,
               field && strcmp(field, "service") == 0 ? problem : NULL, "govuk-!-width-one-half");
    text_input(b, "manager", "Team manager's staff id", "Leave empty for none.", manager,
               field && strcmp(field, "manager") == 0 ? problem : NULL, "govuk-!-width-one-quarter");
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button\">Save</button></form>"
                "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/admin/teams\">Back to teams</a></p>");
    page_end(r);
}

void page_admin_team(Req *r)
{
    Param p[] = {P_STR(r->arg)};
    StoreRows *q = store_query(r->st, STMT_PAGE_TEAM, p, 1);
    if (!q) return page_server_error(r);
    int got = store_next(q);
    char service[ACCESS_NAME_MAX + 1] = "", manager[65] = "";
    if (got == 1) {
        strfmt(service, sizeof service, "%s", store_col_text(q, 2, NULL));
        strfmt(manager, sizeof manager, "%s", store_col_text(q, 3, NULL));
    }
    store_rows_close(q);
    if (got < 0) return page_server_error(r);
    if (got == 0) return page_not_found(r);
    team_form(r, service, manager, NULL, NULL);
}

void post_admin_team(Req *r)
{
    const char *service = http_form(r->rq, "service"), *manager = http_form(r->rq, "manager");
    service = service ? service : "";
    manager = manager ? manager : "";
    int64_t team, sref = 0, mref = 0;
    Param t[] = {P_STR(r->arg)};
    int rc = store_query_int(r->st, STMT_TEAM_FIND, t, 1, &team);
    if (rc < 0) return page_server_error(r);
    if (rc == 0) return page_not_found(r);
    if (strlen(service) > ACCESS_NAME_MAX) {
        r->rs->status = 400;
        return team_form(r, service, manager, "service", "The service's name must be at most 100 characters");
    }
    if (store_begin(r->st) != STORE_OK) return page_server_error(r);
    if (*manager) {
        Param m[] = {P_STR(manager)};
        rc = store_query_int(r->st, STMT_STAFF_FIND, m, 1, &mref);
        if (rc <= 0) {
            store_rollback(r->st);
            if (rc < 0) return page_server_error(r);
            r->rs->status = 400;
            return team_form(r, service, manager, "manager", "There is no staff member with this id");
        }
    }
    if (*service) {
        Param s[] = {P_STR(service)};
        rc = store_query_int(r->st, STMT_SERVICE_FIND, s, 1, &sref);
        if (rc == 0) rc = store_query_int(r->st, STMT_SERVICE_ADD, s, 1, &sref);
        if (rc != 1) {
            store_rollback(r->st);
            return page_server_error(r);
        }
    }
    char detail[320];
    strfmt(detail, sizeof detail, "team %s: service \"%s\", manager \"%s\"", r->arg, service, manager);
    Param u[] = {P_INT(team), *service ? P_INT(sref) : P_NULL, *manager ? P_INT(mref) : P_NULL};
    bool ok = store_exec(r->st, STMT_TEAM_SET, u, 3, NULL) == STORE_OK && audit(r, "team", detail) &&
              store_commit(r->st) == STORE_OK;
    store_rollback(r->st);
    if (!ok) return page_server_error(r);
    http_redirect(r->rs, "/admin/teams");
}

/* ---- the policy ---- */

/* "7 days", "1 week", "12 months": an interval for people. */
static const char *interval_words(Interval iv, char out[32])
{
    const char *unit = iv.unit == UNIT_DAY ? "day" : iv.unit == UNIT_WEEK ? "week" : "month";
    return strfmt(out, 32, "%d %s%s", (int)iv.n, unit, iv.n == 1 ? "" : "s");
}

static void summary_row(Buf *b, const char *key, const char *value)
{
    html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
              "<dd class=\"govuk-summary-list__value\">%s</dd></div>",
           key, value);
}

/* A table's start: caption and column headings (trusted text), NULL-terminated. */
static void table_start(Buf *b, const char *caption, const char *size, const char *const *heads)
{
    html_f(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--%s\">%s</caption>"
              "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
           size, caption);
    for (const char *const *h = heads; *h; h++) html_f(b, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", *h);
    HTML_RAW(b, "</tr></thead><tbody class=\"govuk-table__body\">");
}

/* Rows of id and text: a prompt set's prompts or a category's checklist. */
static void items_table(Buf *b, const char *caption, const char *text_head, const PolicyItem *items, size_t n)
{
    const char *const heads[] = {"Id", text_head, NULL};
    table_start(b, caption, "s", heads);
    for (size_t i = 0; i < n; i++)
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\">%s</td></tr>",
               items[i].id, items[i].text);
    HTML_RAW(b, "</tbody></table>");
}

static void policy_page(Req *r, const char *text, const char *result, bool valid)
{
    Buf *b = &r->rs->body;
    b->len = 0;
    const Policy *pol = r->app->pol;
    char w[32], line[96];
    heading(r, result && !valid ? "Error: The supervision policy" : "The supervision policy", "Admin");
    if (result && !valid)
        web_error_summary(b, "policy", result);
    else if (result)
        banner(b, "The policy is valid", result);
    html_f(b, "<p class=\"govuk-body\">In force: <strong>%s</strong>.</p>", pol->name);

    HTML_RAW(b, "<h2 class=\"govuk-heading-m\">Timings</h2><dl class=\"govuk-summary-list\">");
    summary_row(b, "Due soon", strfmt(line, sizeof line, "Within %d days of the due date", pol->due_soon_days));
    summary_row(b, "Part-time staff", pol->pro_rata ? "Supervised pro rata to their hours" : "Supervised as full-time staff");
    if (pol->has_every_case)
        summary_row(b, "Every open case",
                    strfmt(line, sizeof line, "Discussed at least every %s", interval_words(pol->every_case, w)));
    else
        summary_row(b, "Every open case", "No maximum: only the category's rule");
    summary_row(b, "Records", strfmt(line, sizeof line, "Signed within %s of being sent", interval_words(pol->sign_within, w)));
    summary_row(b, "Supervision agreements",
                strfmt(line, sizeof line, "Reviewed %s after they were agreed", interval_words(pol->agreement_review, w)));
    summary_row(b, "Escalations",
                strfmt(line, sizeof line, "Answered within %s", interval_words(pol->escalation_response, w)));
    HTML_RAW(b, "</dl>");

    static const char *const role_heads[] = {"Role", "Id", "Phases", "Session length", NULL};
    table_start(b, "Roles", "m", role_heads);
    for (size_t i = 0; i < pol->nroles; i++) {
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\">%d</td><td class=\"govuk-table__cell\">%d minutes</td></tr>",
               pol->roles[i].label, pol->roles[i].id, (int)pol->roles[i].nphases, pol->roles[i].session_minutes);
    }
    HTML_RAW(b, "</tbody></table>");

    static const char *const category_heads[] = {"Category", "Id", "Discussed at each session", "Checklist topics", NULL};
    table_start(b, "Case categories", "m", category_heads);
    for (size_t i = 0; i < pol->ncategories; i++)
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%d</td></tr>",
               pol->categories[i].label, pol->categories[i].id, pol->categories[i].every_session ? "yes" : "no",
               (int)pol->categories[i].nchecklist);
    HTML_RAW(b, "</tbody></table>");
    for (size_t i = 0; i < pol->ncategories; i++) {
        const Category *c = &pol->categories[i];
        if (!c->nchecklist) continue;
        Buf caption = {0};
        buf_addf(&caption, "Checklist: %s", c->label);
        items_table(b, buf_str(&caption), "Topic", c->checklist, c->nchecklist);
        buf_free(&caption);
    }

    HTML_RAW(b, "<h2 class=\"govuk-heading-m\">Reflective prompts for case discussions</h2>");
    if (!pol->nprompt_sets) HTML_RAW(b, "<p class=\"govuk-body\">This policy has no prompt sets.</p>");
    for (size_t i = 0; i < pol->nprompt_sets; i++) {
        const PromptSet *ps = &pol->prompt_sets[i];
        Buf caption = {0};
        buf_addf(&caption, "Prompt set %s: %s", ps->id, ps->label);
        items_table(b, buf_str(&caption), "Prompt", ps->items, ps->nitems);
        buf_free(&caption);
    }

    HTML_RAW(b, "<h2 class=\"govuk-heading-m\">Check a policy</h2>"
                "<form method=\"post\" action=\"/admin/policy\" novalidate>");
    csrf_field(r);
    html_f(b, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"policy\">Policy text</label>"
              "<div class=\"govuk-hint\" id=\"policy-hint\">Paste a policy file to check it. This does not change the"
              " policy in force.</div>",
           result && !valid ? " govuk-form-group--error" : "");
    if (result && !valid)
        html_f(b, "<p class=\"govuk-error-message\" id=\"policy-error\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
               result);
    html_f(b, "<textarea class=\"govuk-textarea govuk-!-font-family-monospace\" id=\"policy\" name=\"policy\" rows=\"12\""
              " aria-describedby=\"policy-hint%s\">%s</textarea></div>"
              "<button type=\"submit\" class=\"govuk-button\">Check</button></form>",
           result && !valid ? " policy-error" : "", text ? text : "");
    page_end(r);
}

void page_admin_policy(Req *r) { policy_page(r, NULL, NULL, false); }

void post_admin_policy(Req *r)
{
    const char *text = http_form(r->rq, "policy");
    if (!text || !*text) {
        r->rs->status = 400;
        return policy_page(r, text, "Paste the policy text to check", false);
    }
    char err[512], ok[1200]; /* the policy's name is up to a line long */
    Policy *p = policy_parse(text, strlen(text), "policy", err, sizeof err);
    if (!p) {
        r->rs->status = 400;
        return policy_page(r, text, err, false);
    }
    strfmt(ok, sizeof ok, "\"%s\": %zu roles, %zu case categories, %zu prompt sets.", p->name, p->nroles,
           p->ncategories, p->nprompt_sets);
    policy_free(p);
    policy_page(r, text, ok, true);
}
