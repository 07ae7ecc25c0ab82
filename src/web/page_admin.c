/* page_admin.c: the admin pages: CSV imports (the same validation and
 * messages as `oversight import`), accounts and roles, teams' services and
 * managers, the policy, and the audit log. What they show comes from the
 * admin views (svc/admin_view.h); every change goes through the
 * administration service (svc/admin.h), which checks the rules and writes
 * the audit row, the same as `oversight user`; a policy is changed through
 * svc/policy_change.h, as `oversight policy apply`. Admins see no record
 * content here: names of teams and staff ids, never supervision or cases
 * (a policy's preview shows whose due dates change: names, case ids and
 * dates, nothing written in supervision); and no password: a new account or
 * a reset shows a one-time link for the person to choose their own
 * (svc/password_link.h). */
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/policy_words.h"
#include "svc/admin.h"
#include "svc/admin_view.h"
#include "svc/import.h"
#include "svc/policy_change.h"
#include "web/frame.h"
#include "web/routes.h"

/* ---- pieces ---- */

static AdminActor actor(const Req *r)
{
    SvcActor s = web_actor(r);
    return (AdminActor){.viewer = s.viewer, .now = s.now};
}

static void heading(Req *r, const char *title, const char *caption)
{
    page_start(r, title, "/admin");
    html_f(&r->rs->body, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", caption,
           title);
}

static void banner(Buf *b, const char *title, const char *text)
{
    html_f(b,
           "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\""
           " aria-labelledby=\"banner-title\" data-module=\"govuk-notification-banner\">"
           "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\""
           " id=\"banner-title\">Success</h2></div><div class=\"govuk-notification-banner__content\">"
           "<h3 class=\"govuk-notification-banner__heading\">%s</h3><p class=\"govuk-body\">%s</p></div></div>",
           title, text);
}

/* The success banner of a new account or a reset: the person's one-time
 * link, shown once, for the admin to pass on. */
/* The link whole, with the public address (serve --public-url), so the
 * admin can pass it on as it is. */
static void link_banner(Buf *b, const char *base, const char *title, const char *username, const char *token, int hours)
{
    html_f(b,
           "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\""
           " aria-labelledby=\"banner-title\" data-module=\"govuk-notification-banner\">"
           "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\""
           " id=\"banner-title\">Success</h2></div><div class=\"govuk-notification-banner__content\">"
           "<h3 class=\"govuk-notification-banner__heading\">%s</h3>"
           "<p class=\"govuk-body\">Give %s this link, privately:</p>"
           "<p class=\"govuk-body\"><code class=\"app-password-link\">%s%s%s</code></p>"
           "<p class=\"govuk-body\">On it they choose their own password. It works once, within %d %s, and is"
           " not shown again. They will be told of this change when they sign in.</p></div></div>",
           title, username, base, PASSWORD_LINK_PATH, token, hours, hours == 1 ? "hour" : "hours");
}

static void csrf_field(Req *r) { form_tokens(r); }

/* Starts a form that posts to /admin/WHAT/NAME, NAME percent-encoded. Its
 * fields show what was posted when posted is true (a form coming back with
 * a problem), else their values. End it with form_end. */
static void form_to(Req *r, const char *what, const char *name, bool posted)
{
    r->form_ids = "";
    r->form_posted = posted && strcmp(r->rq->method, "POST") == 0;
    html_f(&r->rs->body, "<form method=\"post\" action=\"/admin/%s/%u\" novalidate>", what, name);
    csrf_field(r);
}

/* A table's start: caption and column headings (trusted text), NULL-terminated. */
static void table_start(Buf *b, const char *caption, const char *size, const char *const *heads)
{
    html_table_area_start(b, caption);
    html_f(b,
           "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--%s\">%s</caption>"
           "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
           size, caption);
    for (const char *const *h = heads; *h; h++)
        html_f(b, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", *h);
    HTML_RAW(b, "</tr></thead><tbody class=\"govuk-table__body\">");
}

static void table_end(Buf *b)
{
    HTML_RAW(b, "</tbody></table>");
    html_table_area_end(b);
}

static void cell(Buf *b, const char *text) { html_f(b, "<td class=\"govuk-table__cell\">%s</td>", text); }

/* ---- finding a member of staff, and pages of a list ---- */

/* A page number from the query (name), 1 when none or not a number. */
static long page_number(const Req *r, const char *name)
{
    int64_t n = web_ref(http_query(r->rq, name));
    return n > 0 && n <= ADMIN_PAGE_MAX ? (long)n : 1;
}

/* A GET form's search box: name, its label and hint, what was typed, and
 * its problem when there is one. */
static void find_box(Buf *b, const char *action, const char *name, const char *label, const char *hint,
                     const char *typed, const char *problem)
{
    html_f(b, "<form method=\"get\" action=\"%s\" novalidate><div class=\"govuk-form-group%s\">", action,
           problem ? " govuk-form-group--error" : "");
    html_f(b, "<label class=\"govuk-label govuk-label--s\" for=\"%s\">%s</label>", name, label);
    html_f(b, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>", name, hint);
    if (problem)
        html_f(b,
               "<p id=\"%s-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span>"
               " %s</p>",
               name, problem);
    char by[80];
    if (problem)
        strfmt(by, sizeof by, "%s-hint %s-error", name, name);
    else
        strfmt(by, sizeof by, "%s-hint", name);
    html_f(b,
           "<input class=\"govuk-input govuk-!-width-one-half%s\" id=\"%s\" name=\"%s\" type=\"search\""
           " spellcheck=\"false\" value=\"%s\" aria-describedby=\"%s\"></div>",
           problem ? " govuk-input--error" : "", name, name, typed ? typed : "", by);
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Search</button></form>");
}

/* Previous and next links to the pages of a list: here?KEY=typed&PAGE=n
 * (here: the page's path, already safe to write). */
static void pager(Buf *b, const char *here, const char *key, const char *typed, const char *page_key, long page,
                  bool more, const char *what)
{
    if (page <= 1 && !more) return;
    html_f(b, "<nav class=\"govuk-pagination govuk-pagination--block\" aria-label=\"Pages of %s\">", what);
    for (int next = 0; next < 2; next++) {
        if (next ? !more : page <= 1) continue;
        html_f(b,
               "<div class=\"govuk-pagination__%s\"><a class=\"govuk-link govuk-pagination__link\" href=\"%s?%s=%u&amp;"
               "%s=%ld\" rel=\"%s\"><span class=\"govuk-pagination__link-title\">%s<span"
               " class=\"govuk-visually-hidden\"> page</span></span><span class=\"govuk-visually-hidden\">:</span>"
               "<span class=\"govuk-pagination__link-label\">Page %ld of %s</span></a></div>",
               next ? "next" : "prev", here, key, typed ? typed : "", page_key, next ? page + 1 : page - 1,
               next ? "next" : "prev", next ? "Next" : "Previous", next ? page + 1 : page - 1, what);
    }
    HTML_RAW(b, "</nav>");
}

/* People found on an admin page: what was typed in the box `q` and the
 * page asked for (`page`), and what was found, or the problem with it. */
typedef struct {
    const char *typed;
    long page;
    bool asked;
    AdminPeople found;
    SvcError e;
    SvcResult rc;
} Finding;

/* Finds the people asked for, if any were; false when the store failed
 * (the page is answered). */
static bool find_people(Req *r, Finding *f)
{
    memset(f, 0, sizeof *f);
    f->typed = http_query(r->rq, "q");
    f->page = page_number(r, "page");
    f->asked = f->typed != NULL;
    if (!f->asked) return true;
    AdminActor a = actor(r);
    f->rc = admin_people_find(r->st, &a, f->typed, f->page, &f->found, &f->e);
    if (web_svc_refusal(r, f->rc, "the staff")) return false;
    if (f->rc == SVC_INVALID) r->rs->status = 400;
    return true;
}

static const char *finding_problem(const Finding *f) { return f->asked && f->rc == SVC_INVALID ? f->e.message : NULL; }

/* The search box and, when asked, a page of the people found, each with
 * a link back to this page (here, safe to write) choosing them (here?
 * CHOOSE=id#ANCHOR), its text act; one with an account is shown with it
 * (and, as a staff record has one account at most, not offered as one). */
static void people_found(Req *r, Finding *f, const char *here, const char *label, const char *choose,
                         const char *anchor, const char *act)
{
    Buf *b = &r->rs->body;
    find_box(b, here, "q", label, "Their name, or their staff id (or its beginning).", f->typed, finding_problem(f));
    if (!f->asked || f->rc != SVC_OK) return;
    if (!f->found.n) {
        html_f(b,
               "<p class=\"govuk-body\" role=\"status\">Nobody matches &ldquo;%s&rdquo;. Check the spelling, try the"
               " start of a name, or search for a staff id.</p>",
               f->typed);
        return;
    }
    static const char *const heads[] = {"Name", "Staff id", "Team", "Account", "", NULL};
    table_start(b, "People found", "s", heads);
    for (size_t i = 0; i < f->found.n; i++) {
        const AdminPerson *p = &f->found.items[i];
        char name[300];
        HTML_RAW(b, "<tr class=\"govuk-table__row\">");
        cell(b, p->left ? strfmt(name, sizeof name, "%s (left)", p->name) : p->name);
        cell(b, p->id);
        cell(b, p->team);
        if (*p->username)
            html_f(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/admin/users/%u\">%s</a></td>",
                   p->username, p->username);
        else
            cell(b, "none");
        if (*p->username && strcmp(choose, "staff") == 0) /* linked already: one account each */
            HTML_RAW(b, "<td class=\"govuk-table__cell\"></td></tr>");
        else
            html_f(b,
                   "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"%s?%s=%u#%s\">%s<span"
                   " class=\"govuk-visually-hidden\"> %s</span></a></td></tr>",
                   here, choose, p->id, anchor, act, p->name);
    }
    table_end(b);
    pager(b, here, "q", f->typed, "page", f->page, f->found.more, "people found");
}

/* The member of staff chosen (the query's or form's `name`), or value when
 * none was: their id, "" for none; *chosen says whether one was asked for. */
static const char *chosen_id(const Req *r, const char *name, const char *value, bool *chosen)
{
    const char *id = strcmp(r->rq->method, "POST") == 0 ? http_form(r->rq, name) : http_query(r->rq, name);
    *chosen = id != NULL;
    return id ? id : value;
}

/* A member of staff as the forms show them: "Name (ID), Team", or why not. */
static void person_words(Req *r, const char *id)
{
    Buf *b = &r->rs->body;
    AdminActor a = actor(r);
    AdminPeople one;
    SvcResult rc = admin_person(r->st, &a, id, &one);
    if (rc == SVC_OK) {
        const AdminPerson *p = &one.items[0];
        html_f(b, "%s (%s)%s%s%s", p->name, p->id, *p->team ? ", " : "", p->team, p->left ? ", left" : "");
    } else
        html_f(b, "No member of staff has the id %s", id);
    admin_people_free(&one);
}

/* ---- the admin home ---- */

void page_admin(Req *r)
{
    AdminActor a = actor(r);
    AuditLog log;
    SvcResult rc = admin_audit_log(r->st, &a, &log);
    if (web_svc_refusal(r, rc, "the audit log")) return admin_audit_log_free(&log);
    Buf *b = &r->rs->body;
    heading(r, "Administration", "Admin");
    HTML_RAW(b, "<ul class=\"govuk-list\">"
                "<li><a class=\"govuk-link\" href=\"/admin/imports\">Import the organisation's data</a></li>"
                "<li><a class=\"govuk-link\" href=\"/admin/users\">Accounts and roles</a></li>"
                "<li><a class=\"govuk-link\" href=\"/admin/teams\">Teams, services and managers</a></li>"
                "<li><a class=\"govuk-link\" href=\"/admin/policy\">The supervision policy</a></li></ul>");
    static const char *const heads[] = {"When (UTC)", "Who", "What", "Detail", NULL};
    if (log.n) table_start(b, "Recent changes", "m", heads);
    for (size_t i = 0; i < log.n; i++) {
        const AuditEntry *e = &log.items[i];
        time_t at = (time_t)e->at;
        char when[32];
        struct tm tm;
        gmtime_r(&at, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        HTML_RAW(b, "<tr class=\"govuk-table__row\">");
        cell(b, when);
        cell(b, e->who);
        cell(b, e->action);
        cell(b, e->detail);
        HTML_RAW(b, "</tr>");
    }
    if (log.n) table_end(b);
    admin_audit_log_free(&log);
    page_end(r);
}

/* ---- imports ---- */

static const char *const kind_labels[IMPORT_KIND_COUNT] = {[IMPORT_STAFF] = "Staff",
                                                           [IMPORT_TEAMS] = "Teams (services and managers)",
                                                           [IMPORT_CASES] = "Cases",
                                                           [IMPORT_SESSIONS] = "Sessions",
                                                           [IMPORT_DISCUSSIONS] = "Case discussions"};
/* The order the files are imported in. */
static const ImportKind kind_order[IMPORT_KIND_COUNT] = {IMPORT_STAFF, IMPORT_TEAMS, IMPORT_CASES, IMPORT_SESSIONS,
                                                         IMPORT_DISCUSSIONS};

static void recent_imports(Buf *b, const ImportLog *log)
{
    if (!log->n) return;
    html_table_area_start(b, "Recent imports");
    HTML_RAW(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
                "Recent imports</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Kind</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">File</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Rows</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">When (UTC)</th></tr></thead>"
                "<tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < log->n; i++) {
        const ImportEntry *e = &log->items[i];
        HTML_RAW(b, "<tr class=\"govuk-table__row\">");
        cell(b, e->kind);
        cell(b, e->file_name);
        html_f(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld</td>", e->rows);
        cell(b, e->imported_at);
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
}

static void imports_page(Req *r, const char *kind, const ImportReport *rep, const char *problem)
{
    AdminActor a = actor(r);
    ImportLog log;
    SvcResult rc = admin_imports(r->st, &a, &log);
    if (web_svc_refusal(r, rc, "the imports")) {
        admin_imports_free(&log);
        return;
    }
    Buf *b = &r->rs->body;
    bool failed = problem || (rep && rep->nerrors);
    heading(r, failed ? "Error: Import data" : "Import data", "Admin");
    if (failed) {
        HTML_RAW(b, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
                    "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
                    "<div class=\"govuk-error-summary__body\">");
        if (rep && rep->nerrors)
            HTML_RAW(b, "<p class=\"govuk-body\">Nothing was imported. Correct the file and upload it again.</p>");
        HTML_RAW(b, "<ul class=\"govuk-list govuk-error-summary__list\">");
        if (problem) html_f(b, "<li><a href=\"#%s\">%s</a></li>", kind ? "file" : "kind", problem);
        for (size_t i = 0; rep && i < rep->nerrors; i++) html_f(b, "<li><a href=\"#file\">%s</a></li>", rep->errors[i]);
        HTML_RAW(b, "</ul></div></div></div>");
    } else if (rep) {
        char text[128], rows[COUNT_WORDS_CHARS];
        strfmt(text, sizeof text, "%s imported.", count_words(rep->rows, "row was", "rows were", rows));
        banner(b, "The file was imported", text);
    }
    if (rep && rep->nwarnings) {
        HTML_RAW(
            b,
            "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
            "<div class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
            "Check these rows:<ul class=\"govuk-list govuk-list--bullet\">");
        for (size_t i = 0; i < rep->nwarnings; i++) html_f(b, "<li>%s</li>", rep->warnings[i]);
        HTML_RAW(b, "</ul></div></div>");
    }
    HTML_RAW(b, "<p class=\"govuk-body\">Each file is checked whole: if any row is wrong, nothing is imported and"
                " every problem is listed by line and column. Import staff first, then teams, cases, sessions and"
                " case discussions. The columns are described in the import guide (docs/import.md).</p>"
                "<form method=\"post\" action=\"/admin/imports\" enctype=\"multipart/form-data\" novalidate>");
    csrf_field(r);
    bool kind_missing = problem && !kind;
    html_f(b, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\"",
           kind_missing ? " govuk-form-group--error" : "");
    if (kind_missing) HTML_RAW(b, " aria-describedby=\"kind-error\"");
    HTML_RAW(b, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">What is in the file?</legend>");
    if (kind_missing)
        html_f(
            b,
            "<p class=\"govuk-error-message\" id=\"kind-error\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
            problem);
    HTML_RAW(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">");
    for (int i = 0; i < IMPORT_KIND_COUNT; i++) {
        const char *name = import_kind_name(kind_order[i]);
        html_f(
            b,
            "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%s\" name=\"kind\""
            " type=\"radio\" value=\"%s\"%s><label class=\"govuk-label govuk-radios__label\" for=\"%s\">%s</label></div>",
            i == 0 ? "kind" : name, name, kind && strcmp(kind, name) == 0 ? " checked" : "", i == 0 ? "kind" : name,
            kind_labels[kind_order[i]]);
    }
    HTML_RAW(b, "</div></fieldset></div>");
    bool file_bad = failed && !kind_missing;
    html_f(
        b,
        "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-label--m\" for=\"file\">The CSV file</label>",
        file_bad ? " govuk-form-group--error" : "");
    if (file_bad)
        html_f(b,
               "<p class=\"govuk-error-message\" id=\"file-error\"><span class=\"govuk-visually-hidden\">Error:</span>"
               " %s</p>",
               problem ? problem : "The file has problems, listed above");
    html_f(b, "<input class=\"govuk-file-upload%s\" id=\"file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\"",
           file_bad ? " govuk-file-upload--error" : "");
    if (file_bad) HTML_RAW(b, " aria-describedby=\"file-error\"");
    HTML_RAW(b, "></div><button type=\"submit\" class=\"govuk-button\">Import</button></form>");
    recent_imports(b, &log);
    admin_imports_free(&log);
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
    AdminActor a = actor(r);
    ImportReport rep;
    SvcError e = {0};
    SvcResult rc = admin_import(r->st, &a, r->app->pol, k, csv, name, &rep, &e);
    csv_free(csv);
    if (!web_svc_refusal(r, rc, "imports")) {
        if (rc == SVC_INVALID) r->rs->status = 400;
        imports_page(r, kind, &rep, NULL);
    }
    import_report_free(&rep);
}

/* ---- accounts ---- */

static void role_list(Buf *b, const AdminAccount *acc)
{
    if (!acc->nroles) HTML_RAW(b, "none");
    for (size_t i = 0; i < acc->nroles; i++)
        html_f(b, "%s%s%s%s", i ? ", " : "", acc->roles[i].role, *acc->roles[i].scope ? ":" : "", acc->roles[i].scope);
}

/* What a change says on the accounts page: title and text, or, with link,
 * the person's one-time link (who: their username; hours it works). */
typedef struct {
    const char *title, *text, *link, *who;
    int hours;
} Said;

/* The accounts page, with what a change said, or with a problem e: finding
 * the person to give an account (?q=), the form that adds one (for the
 * person chosen, ?staff=ID, or for nobody), and the accounts a page at a
 * time (?account=, ?account-page=). Nothing on it is as long as the
 * organisation. */
static void users_page(Req *r, const Said *said, const SvcError *e)
{
    AdminActor a = actor(r);
    Finding f;
    if (!find_people(r, &f)) return;
    const char *account_q = http_query(r->rq, "account");
    long account_page = page_number(r, "account-page");
    AdminAccounts list;
    SvcError le = {0};
    SvcResult rc = admin_accounts_page(r->st, &a, account_q, account_page, &list, &le);
    if (web_svc_refusal(r, rc, "the accounts")) {
        admin_accounts_free(&list);
        admin_people_free(&f.found);
        return;
    }
    if (rc == SVC_INVALID) r->rs->status = 400;
    const char *problem = finding_problem(&f), *list_problem = rc == SVC_INVALID ? le.message : NULL;
    Buf *b = &r->rs->body;
    heading(r, e || problem || list_problem ? "Error: Accounts and roles" : "Accounts and roles", "Admin");
    if (e)
        form_problem(r, e);
    else if (problem)
        web_error_summary(b, "q", problem);
    else if (list_problem)
        web_error_summary(b, "account", list_problem);
    if (said && said->link)
        link_banner(b, r->app->public_url, said->title, said->who, said->link, said->hours);
    else if (said)
        banner(b, said->title, said->text);

    HTML_RAW(b, "<h2 class=\"govuk-heading-m\">Give someone an account</h2>");
    people_found(r, &f, "/admin/users", "Find the person by name or staff id", "staff", "add", "Add an account");
    admin_people_free(&f.found);

    /* What was typed comes back only with a problem: after an account is added the form is empty. */
    bool chosen = false;
    const char *staff = said ? "" : chosen_id(r, "staff", "", &chosen);
    HTML_RAW(b, "<h2 class=\"govuk-heading-m\" id=\"add\">Add an account</h2>");
    form_start_ids(r, "/admin/users", "", e != NULL);
    bool staff_bad = e && strcmp(e->field, "staff") == 0;
    if (chosen && *staff) {
        html_f(b,
               "<input type=\"hidden\" name=\"staff\" value=\"%s\"><div class=\"govuk-form-group%s\" id=\"staff\">"
               "<p class=\"govuk-body\">For ",
               staff, staff_bad ? " govuk-form-group--error" : "");
        person_words(r, staff);
        HTML_RAW(b, ". <a class=\"govuk-link\" href=\"/admin/users#add\">Add an account with no staff record"
                    " instead</a></p>");
        if (staff_bad)
            html_f(b, "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
                   e->message);
        HTML_RAW(b, "</div>");
    } else
        HTML_RAW(b, "<p class=\"govuk-body\" id=\"staff\">With no staff record (an auditor's, say). To link the"
                    " account to a member of staff, find them above and choose &ldquo;Add an account&rdquo;.</p>");
    form_input(r, "username", "Username", "Letters, digits, '.', '_', '-' or '@'.", "", "govuk-!-width-one-half", e);
    HTML_RAW(b, "<p class=\"govuk-body\">A link is made and shown once, to hand over: on it the person chooses"
                " their own password.</p>");
    form_button(r, "Add account", false);
    form_end(r);

    HTML_RAW(b, "<h2 class=\"govuk-heading-m\" id=\"accounts\">Accounts</h2>");
    find_box(b, "/admin/users", "account", "Find an account",
             "A username or its beginning, or the name or staff id of the person it is for.", account_q, list_problem);
    bool searched = account_q && account_q[strspn(account_q, " \t")];
    if (rc == SVC_OK && !list.n && searched)
        html_f(b, "<p class=\"govuk-body\" role=\"status\">No account matches &ldquo;%s&rdquo;.</p>", account_q);
    else if (rc == SVC_OK && !list.n)
        HTML_RAW(b, "<p class=\"govuk-body\">There are no accounts.</p>");
    else if (rc == SVC_OK) {
        static const char *const heads[] = {"Username", "Staff record", "Roles", "Two-factor",
                                            "Status",   "Change",       NULL};
        table_start(b, searched ? "Accounts found" : "Accounts, by username", "s", heads);
        for (size_t i = 0; i < list.n; i++) {
            const AdminAccount *acc = &list.items[i];
            HTML_RAW(b, "<tr class=\"govuk-table__row\">");
            cell(b, acc->username);
            char linked[400];
            cell(b, *acc->staff_id ? strfmt(linked, sizeof linked, "%s (%s)", acc->staff_name, acc->staff_id) : "none");
            HTML_RAW(b, "<td class=\"govuk-table__cell\">");
            role_list(b, acc);
            html_f(b,
                   "</td><td class=\"govuk-table__cell\">%s%s</td><td class=\"govuk-table__cell\">%s</td>"
                   "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/admin/users/%u\">Change"
                   "<span class=\"govuk-visually-hidden\"> %s</span></a></td></tr>",
                   acc->totp_enabled ? "on" : "off", acc->totp_required ? " (required)" : "",
                   acc->disabled ? "disabled" : "active", acc->username, acc->username);
        }
        table_end(b);
        pager(b, "/admin/users", "account", account_q, "account-page", account_page, list.more, "accounts");
    }
    admin_accounts_free(&list);
    page_end(r);
}

void page_admin_users(Req *r) { users_page(r, NULL, NULL); }

void post_admin_users(Req *r)
{
    const char *username = http_form(r->rq, "username"), *staff = http_form(r->rq, "staff");
    SvcError e = {0};
    if (!username || !*username) {
        r->rs->status = 400;
        svc_fail(&e, SVC_INVALID, "username", "Enter a username");
        return users_page(r, NULL, &e);
    }
    AdminActor a = actor(r);
    char link[TOKEN_CHARS + 1];
    SvcResult rc = admin_account_add(r->st, &a, username, staff, NULL, NULL, 0, link, &e);
    Said said = {"The account was added", NULL, link, username, PASSWORD_LINK_NEW_SECONDS / 3600};
    if (rc == SVC_OK)
        users_page(r, &said, NULL);
    else if (!web_svc_refusal(r, rc, "accounts"))
        users_page(r, NULL, &e);
    account_forget(link, sizeof link);
}

static void user_page(Req *r, const SvcError *e)
{
    AdminActor a = actor(r);
    AdminAccounts one;
    SvcResult rc = admin_account(r->st, &a, r->arg, &one);
    if (web_svc_refusal(r, rc, "the account")) {
        admin_accounts_free(&one);
        return;
    }
    Finding f;
    if (!find_people(r, &f)) return admin_accounts_free(&one);
    const AdminAccount *acc = &one.items[0];
    Buf *b = &r->rs->body;
    heading(r, e || finding_problem(&f) ? "Error: Change an account" : "Change an account", r->arg);
    if (!e && finding_problem(&f)) web_error_summary(b, "q", finding_problem(&f));
    /* A problem about the account as a whole has no field on this page: the summary points at the page. */
    SvcError at_page;
    if (e && strcmp(e->field, "role") != 0 && strcmp(e->field, "scope") != 0 && strcmp(e->field, "staff") != 0) {
        at_page = *e;
        at_page.field[0] = 0;
        e = &at_page;
    }
    form_problem(r, e);
    char linked[400];
    strfmt(linked, sizeof linked, "%s%s%s%s", acc->staff_id, *acc->staff_name ? " (" : "", acc->staff_name,
           *acc->staff_name ? ")" : "");
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    web_summary_row(b, "Staff record", *acc->staff_id ? linked : "none");
    HTML_RAW(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Roles</dt>"
                "<dd class=\"govuk-summary-list__value\">");
    role_list(b, acc);
    HTML_RAW(b, "</dd></div>");
    web_summary_row(b, "Two-factor sign-in",
                    acc->totp_enabled ? (acc->totp_required ? "on (required)" : "on")
                                      : (acc->totp_required ? "required, not yet set up" : "off"));
    web_summary_row(b, "Status", acc->disabled ? "disabled" : "active");
    HTML_RAW(b, "</dl><h2 class=\"govuk-heading-m\">Grant or remove a role</h2>");
    form_to(r, "users", r->arg, e != NULL);
    static const HtmlLink roles[] = {{"Auditor", "auditor"},
                                     {"Senior manager of a service", "senior-manager"},
                                     {"Admin", "admin"}};
    form_select(r, "role", "Role", NULL, roles, sizeof roles / sizeof *roles, "auditor", e);
    form_input(r, "scope", "Service (senior managers only)", NULL, "", "govuk-!-width-one-half", e);
    HTML_RAW(b,
             "<div class=\"govuk-button-group\">"
             "<button type=\"submit\" name=\"action\" value=\"grant\" class=\"govuk-button\">Grant role</button>"
             "<button type=\"submit\" name=\"action\" value=\"revoke\" class=\"govuk-button govuk-button--secondary\">"
             "Remove role</button></div>");
    form_end(r);

    /* The staff record: the one linked, the one chosen to link instead (?staff=ID), and finding one. */
    HTML_RAW(b, "<h2 class=\"govuk-heading-m\" id=\"link\">Member of staff</h2>");
    bool chosen;
    const char *staff = chosen_id(r, "staff", acc->staff_id, &chosen);
    bool staff_bad = e && strcmp(e->field, "staff") == 0;
    if (*acc->staff_id) {
        form_to(r, "users", r->arg, false);
        HTML_RAW(b, "<p class=\"govuk-body\">Linked to ");
        person_words(r, acc->staff_id);
        HTML_RAW(b, ".</p><button type=\"submit\" name=\"action\" value=\"unlink\""
                    " class=\"govuk-button govuk-button--secondary\">Unlink</button>");
        form_end(r);
    } else
        HTML_RAW(b, "<p class=\"govuk-body\">Not linked to a staff record.</p>");
    if ((chosen && *staff && strcmp(staff, acc->staff_id) != 0) || staff_bad) {
        form_to(r, "users", r->arg, e != NULL);
        html_f(b,
               "<input type=\"hidden\" name=\"staff\" value=\"%s\"><div class=\"govuk-form-group%s\" id=\"staff\">"
               "<p class=\"govuk-body\">Link to ",
               staff, staff_bad ? " govuk-form-group--error" : "");
        person_words(r, staff);
        HTML_RAW(b, "?</p>");
        if (staff_bad)
            html_f(b, "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
                   e->message);
        HTML_RAW(b, "</div><button type=\"submit\" name=\"action\" value=\"link\" class=\"govuk-button\">"
                    "Link to this staff record</button>");
        form_end(r);
    }
    Buf here = {0};
    html_f(&here, "/admin/users/%u", r->arg);
    people_found(r, &f, buf_str(&here), *acc->staff_id ? "Link to another member of staff" : "Find the member of staff",
                 "staff", "link", "Choose");
    admin_people_free(&f.found);
    buf_free(&here);

    HTML_RAW(b, "<h2 class=\"govuk-heading-m\">Sign-in</h2>");
    form_to(r, "users", r->arg, false);
    HTML_RAW(b, "<div class=\"govuk-button-group\">");
    if (!acc->totp_required)
        HTML_RAW(b, "<button type=\"submit\" name=\"action\" value=\"require-two-factor\""
                    " class=\"govuk-button govuk-button--secondary\">Require two-factor sign-in</button>");
    if (acc->totp_enabled)
        HTML_RAW(b, "<button type=\"submit\" name=\"action\" value=\"reset-two-factor\""
                    " class=\"govuk-button govuk-button--secondary\">Reset two-factor sign-in</button>");
    HTML_RAW(
        b,
        "<button type=\"submit\" name=\"action\" value=\"reset-password\" class=\"govuk-button govuk-button--secondary\">"
        "Reset password</button>");
    if (acc->disabled)
        HTML_RAW(
            b,
            "<button type=\"submit\" name=\"action\" value=\"enable\" class=\"govuk-button\">Enable account</button>");
    else
        HTML_RAW(
            b, "<button type=\"submit\" name=\"action\" value=\"disable\" class=\"govuk-button govuk-button--warning\">"
               "Disable account</button>");
    HTML_RAW(b, "</div>");
    form_end(r);
    HTML_RAW(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/admin/users\">Back to accounts</a></p>");
    admin_accounts_free(&one);
    page_end(r);
}

void page_admin_user(Req *r) { user_page(r, NULL); }

/* The changes of an account that take nothing but the account. */
static const struct {
    const char *action;
    SvcResult (*change)(Store *st, const AdminActor *a, const char *username, SvcError *e);
    const char *title, *text;
} account_changes[] = {
    {"disable", admin_disable, "The account was disabled", "Its sessions and its calendar address have ended."},
    {"enable", admin_enable, "The account was enabled", "It can sign in again."},
    {"require-two-factor", admin_two_factor_require, "Two-factor sign-in is required",
     "The account must set it up the next time it signs in."},
    {"reset-two-factor", admin_two_factor_reset, "Two-factor sign-in was reset",
     "Its sessions have ended. It sets two-factor sign-in up again if it is required."},
};

void post_admin_user(Req *r)
{
    const char *action = http_form(r->rq, "action");
    action = action ? action : "";
    AdminActor a = actor(r);
    SvcError e = {0};
    SvcResult rc = SVC_INVALID;
    char title[80] = "", text[256] = "", token[TOKEN_CHARS + 1] = "";
    bool known = false;
    for (size_t i = 0; i < sizeof account_changes / sizeof *account_changes; i++)
        if (strcmp(action, account_changes[i].action) == 0) {
            known = true;
            rc = account_changes[i].change(r->st, &a, r->arg, &e);
            strfmt(title, sizeof title, "%s", account_changes[i].title);
            strfmt(text, sizeof text, "%s", account_changes[i].text);
        }
    if (strcmp(action, "reset-password") == 0) {
        known = true;
        rc = admin_password_reset(r->st, &a, r->arg, NULL, token, &e);
        strfmt(title, sizeof title, "The password was reset");
    } else if (strcmp(action, "link") == 0 || strcmp(action, "unlink") == 0) {
        known = true;
        bool link = strcmp(action, "link") == 0;
        const char *staff = http_form(r->rq, "staff");
        if (link && (!staff || !*staff))
            svc_fail(&e, SVC_INVALID, "staff", "Choose the member of staff this account is for");
        else
            rc = admin_staff_link(r->st, &a, r->arg, link ? staff : NULL, &e);
        strfmt(title, sizeof title, link ? "The account was linked to a staff record" : "The account was unlinked");
        strfmt(text, sizeof text, link ? "%s is linked to staff %s." : "%s is linked to no staff record.", r->arg,
               link && staff ? staff : "");
    } else if (strcmp(action, "grant") == 0 || strcmp(action, "revoke") == 0) {
        known = true;
        bool grant = strcmp(action, "grant") == 0;
        const char *role = http_form(r->rq, "role"), *scope = http_form(r->rq, "scope");
        /* The form's one service field is for senior managers: other roles ignore it. */
        bool senior = role && strcmp(role, "senior-manager") == 0;
        AccountRole ar = {role, senior && scope ? scope : ""};
        if (!role || !*role)
            svc_fail(&e, SVC_INVALID, "role", "Choose a role");
        else if (grant)
            rc = admin_role_grant(r->st, &a, r->arg, &ar, &e);
        else
            rc = admin_role_revoke(r->st, &a, r->arg, &ar, &e);
        strfmt(title, sizeof title, grant ? "The role was granted" : "The role was removed");
        strfmt(text, sizeof text, "%s %s the role %s%s%s.", r->arg, grant ? "now has" : "no longer has",
               role ? role : "", *ar.scope ? " of " : "", ar.scope);
    }
    if (!known) svc_fail(&e, SVC_INVALID, "role", "Choose what to change");
    Said said = {title, text, token[0] ? token : NULL, r->arg, PASSWORD_LINK_RESET_SECONDS / 3600};
    if (rc == SVC_OK)
        users_page(r, &said, NULL);
    else if (!web_svc_refusal(r, rc, "accounts"))
        user_page(r, &e);
    account_forget(token, sizeof token);
}

/* ---- teams ---- */

/* The teams a page at a time by name, or those found (?q=, by their name or
 * their service's): nothing on it is as long as the organisation. */
void page_admin_teams(Req *r)
{
    AdminActor a = actor(r);
    const char *typed = http_query(r->rq, "q");
    long page = page_number(r, "page");
    AdminTeams list;
    SvcError e = {0};
    SvcResult rc = admin_teams_page(r->st, &a, typed, page, &list, &e);
    if (web_svc_refusal(r, rc, "the teams")) {
        admin_teams_free(&list);
        return;
    }
    const char *problem = rc == SVC_INVALID ? e.message : NULL;
    if (problem) r->rs->status = 400;
    Buf *b = &r->rs->body;
    heading(r, problem ? "Error: Teams, services and managers" : "Teams, services and managers", "Admin");
    if (problem) web_error_summary(b, "q", problem);
    find_box(b, "/admin/teams", "q", "Find a team", "Its name or its service's, or a part of either.", typed, problem);
    bool searched = typed && typed[strspn(typed, " \t")];
    if (rc == SVC_OK && !list.n && searched)
        html_f(b, "<p class=\"govuk-body\" role=\"status\">No team matches &ldquo;%s&rdquo;.</p>", typed);
    else if (rc == SVC_OK && !list.n)
        HTML_RAW(b, "<p class=\"govuk-body\">There are no teams.</p>");
    else if (rc == SVC_OK) {
        static const char *const heads[] = {"Team", "Service", "Manager", "Staff", "Change", NULL};
        table_start(b, searched ? "Teams found" : "Teams, by name", "s", heads);
        for (size_t i = 0; i < list.n; i++) {
            const AdminTeam *t = &list.items[i];
            HTML_RAW(b, "<tr class=\"govuk-table__row\">");
            cell(b, t->name);
            cell(b, t->service);
            char manager[400];
            cell(b,
                 *t->manager_id ? strfmt(manager, sizeof manager, "%s (%s)", t->manager_name, t->manager_id) : "none");
            html_f(b,
                   "<td class=\"govuk-table__cell\">%ld</td>"
                   "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/admin/teams/%u\">Change"
                   "<span class=\"govuk-visually-hidden\"> %s</span></a></td></tr>",
                   t->staff, t->name, t->name);
        }
        table_end(b);
        pager(b, "/admin/teams", "q", typed, "page", page, list.more, "teams");
    }
    admin_teams_free(&list);
    page_end(r);
}

/* The team's form: its fields show what was typed when e (a problem) is
 * given; shown_* always carry the team as it is now, so that a save is
 * checked against what this form showed. The manager is the one chosen
 * (?manager=ID, found on the page; empty for none), else the team's. */
static void team_form(Req *r, const SvcError *e)
{
    AdminActor a = actor(r);
    AdminTeams one;
    SvcResult rc = admin_team(r->st, &a, r->arg, &one);
    if (web_svc_refusal(r, rc, "the team")) {
        admin_teams_free(&one);
        return;
    }
    Finding f;
    if (!find_people(r, &f)) return admin_teams_free(&one);
    const AdminTeam *t = &one.items[0];
    Buf *b = &r->rs->body;
    heading(r, e || finding_problem(&f) ? "Error: Change a team" : "Change a team", r->arg);
    form_problem(r, e);
    if (!e && finding_problem(&f)) web_error_summary(b, "q", finding_problem(&f));
    Buf here = {0};
    html_f(&here, "/admin/teams/%u", r->arg);
    form_to(r, "teams", r->arg, e != NULL);
    html_f(b,
           "<input type=\"hidden\" name=\"shown_service\" value=\"%s\">"
           "<input type=\"hidden\" name=\"shown_manager\" value=\"%s\">",
           t->service, t->manager_id);
    form_input(r, "service", "Service", "A new name creates the service. Leave empty for none.", t->service,
               "govuk-!-width-one-half", e);
    bool chosen;
    const char *manager = chosen_id(r, "manager", t->manager_id, &chosen);
    bool manager_bad = e && strcmp(e->field, "manager") == 0;
    html_f(b,
           "<input type=\"hidden\" name=\"manager\" value=\"%s\"><div class=\"govuk-form-group%s\" id=\"manager\">"
           "<h2 class=\"govuk-heading-s\">Team manager</h2><p class=\"govuk-body\">",
           manager, manager_bad ? " govuk-form-group--error" : "");
    if (*manager) {
        person_words(r, manager);
        html_f(b, ". <a class=\"govuk-link\" href=\"%s?manager=#manager\">No manager</a>", buf_str(&here));
    } else
        HTML_RAW(b, "None");
    HTML_RAW(b, "</p>");
    if (manager_bad)
        html_f(b, "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
               e->message);
    HTML_RAW(b, "</div>");
    form_button(r, "Save", false);
    form_end(r);
    people_found(r, &f, buf_str(&here), "Find a new team manager", "manager", "manager", "Choose");
    admin_people_free(&f.found);
    buf_free(&here);
    HTML_RAW(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/admin/teams\">Back to teams</a></p>");
    admin_teams_free(&one);
    page_end(r);
}

void page_admin_team(Req *r) { team_form(r, NULL); }

void post_admin_team(Req *r)
{
    AdminActor a = actor(r);
    AdminTeamChange to = {http_form(r->rq, "service"), http_form(r->rq, "manager")};
    AdminTeamChange shown = {http_form(r->rq, "shown_service"), http_form(r->rq, "shown_manager")};
    bool has_shown = shown.service && shown.manager;
    SvcError e = {0};
    SvcResult rc = admin_team_set(r->st, &a, r->arg, &to, has_shown ? &shown : NULL, &e);
    if (rc == SVC_OK) return http_redirect(r->rs, "/admin/teams");
    if (!web_svc_refusal(r, rc, "teams")) team_form(r, &e);
}

/* ---- the policy ---- */

/* Rows of id and text: a prompt set's prompts or a category's checklist. */
static void items_table(Buf *b, const char *caption, const char *text_head, const PolicyItem *items, size_t n)
{
    const char *const heads[] = {text_head, NULL};
    table_start(b, caption, "s", heads);
    for (size_t i = 0; i < n; i++)
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td></tr>", items[i].text);
    table_end(b);
}

/* A policy as people read it: every frequency in words, roles and
 * categories by their labels. */
static void policy_summary(Buf *b, const Policy *pol)
{
    char w[32], line[160], words[600];
    HTML_RAW(b, "<h3 class=\"govuk-heading-s\">Timings</h3><dl class=\"govuk-summary-list\">");
    web_summary_row(b, "Due soon", strfmt(line, sizeof line, "Within %d days of the due date", pol->due_soon_days));
    web_summary_row(b, "Part-time staff",
                    pol->pro_rata ? "Supervised pro rata to their hours" : "Supervised as full-time staff");
    if (pol->has_every_case)
        web_summary_row(b, "Every open case",
                        strfmt(line, sizeof line, "Discussed at least %s", policy_every_words(pol->every_case, w)));
    else
        web_summary_row(b, "Every open case", "No maximum: only the category's rule");
    web_summary_row(b, "Records",
                    strfmt(line, sizeof line, "Signed within %s of being sent", interval_words(pol->sign_within, w)));
    web_summary_row(b, "Supervision agreements",
                    strfmt(line, sizeof line, "Reviewed %s after they were agreed",
                           interval_words(pol->agreement_review, w)));
    web_summary_row(b, "Escalations",
                    strfmt(line, sizeof line, "Answered within %s", interval_words(pol->escalation_response, w)));
    web_summary_row(b, "Retention of supervision records", policy_retain_words(pol, RETAIN_RECORDS, line, sizeof line));
    web_summary_row(b, "Retention of case discussions",
                    policy_retain_words(pol, RETAIN_CASE_DISCUSSIONS, line, sizeof line));
    HTML_RAW(b, "</dl>");

    static const char *const role_heads[] = {"Role", "How often", "Session length", NULL};
    table_start(b, "Staff supervision", "s", role_heads);
    for (size_t i = 0; i < pol->nroles; i++) {
        const Role *ro = &pol->roles[i];
        html_f(b,
               "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
               "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%d minutes</td></tr>",
               ro->label, policy_role_words(ro, words, sizeof words), ro->session_minutes);
    }
    table_end(b);

    static const char *const category_heads[] = {"Category", "How often", "Checklist topics", NULL};
    table_start(b, "Case discussions", "s", category_heads);
    for (size_t i = 0; i < pol->ncategories; i++) {
        const Category *c = &pol->categories[i];
        html_f(b,
               "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
               "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%d</td></tr>",
               c->label, policy_category_words(pol, c, words, sizeof words), (int)c->nchecklist);
    }
    table_end(b);
    for (size_t i = 0; i < pol->ncategories; i++) {
        const Category *c = &pol->categories[i];
        if (!c->nchecklist) continue;
        char caption[300];
        strfmt(caption, sizeof caption, "Checklist: %s", c->label);
        items_table(b, caption, "Topic", c->checklist, c->nchecklist);
    }

    HTML_RAW(b, "<h3 class=\"govuk-heading-s\">Reflective prompts for case discussions</h3>");
    if (!pol->nprompt_sets) HTML_RAW(b, "<p class=\"govuk-body\">This policy has no prompt sets.</p>");
    for (size_t i = 0; i < pol->nprompt_sets; i++) {
        const PromptSet *ps = &pol->prompt_sets[i];
        char caption[400];
        strfmt(caption, sizeof caption, "Prompt set: %s", ps->label);
        items_table(b, caption, "Prompt", ps->items, ps->nitems);
    }
}

/* The policies in force before, newest first, each linked to its text. */
static void history_table(Req *r)
{
    AdminActor a = actor(r);
    PolicyHistory h;
    Buf *b = &r->rs->body;
    if (policy_history(r->st, &a, &h) != SVC_OK) {
        policy_history_free(&h);
        HTML_RAW(b, "<p class=\"govuk-body\">The history of the policy could not be read.</p>");
        return;
    }
    HTML_RAW(b, "<h2 class=\"govuk-heading-m\" id=\"history\">Policies in force before</h2>");
    if (h.n < 2)
        HTML_RAW(b, "<p class=\"govuk-body\">The policy has not been changed since the database was created.</p>");
    else {
        static const char *const heads[] = {"Policy", "In force from", "Until", "Applied by", NULL};
        table_start(b, "Earlier policies", "s", heads);
        for (size_t i = 1; i < h.n; i++) {
            const PolicyHistoryEntry *e = &h.items[i];
            char from[WEB_DATE_CHARS], until[WEB_DATE_CHARS], ref[24];
            strfmt(ref, sizeof ref, "%lld", (long long)e->ref);
            html_f(b,
                   "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                   "<a class=\"govuk-link\" href=\"/admin/policy/history/%u\">%s</a></td>"
                   "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                   "<td class=\"govuk-table__cell\">%s</td></tr>",
                   ref, e->name, web_date_of(e->applied_from, from), web_date_of(e->until, until), e->by);
        }
        table_end(b);
    }
    policy_history_free(&h);
}

/* The policy page: the policy in force in words, the form to check a new
 * one (showing e, its problem, when there is one; text, what was pasted),
 * and the policies in force before. done: the banner of a policy applied. */
static void policy_page(Req *r, const char *text, const SvcError *e, const char *done)
{
    Buf *b = &r->rs->body;
    const Policy *pol = r->app->pol;
    heading(r, e ? "Error: The supervision policy" : "The supervision policy", "Admin");
    if (e) web_error_summary(b, "policy", e->message);
    if (done) banner(b, "The policy was applied", done);
    html_f(b, "<p class=\"govuk-body\">In force: <strong>%s</strong>.</p>", pol->name);
    HTML_RAW(b, "<h2 class=\"govuk-heading-m\">The policy in force</h2>");
    policy_summary(b, pol);

    HTML_RAW(b, "<h2 class=\"govuk-heading-m\">Change the policy</h2>"
                "<p class=\"govuk-body\">Choose a policy file, or paste its text. It is checked, and you see whose"
                " due dates it would change before you apply it. Nothing changes until you apply it.</p>"
                "<form method=\"post\" action=\"/admin/policy\" enctype=\"multipart/form-data\" novalidate>");
    csrf_field(r);
    HTML_RAW(b, "<div class=\"govuk-form-group\"><label class=\"govuk-label govuk-label--s\" for=\"file\">A policy"
                " file</label><input class=\"govuk-file-upload\" id=\"file\" name=\"file\" type=\"file\""
                " accept=\".policy,.txt,text/plain\"></div>");
    html_f(b,
           "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-label--s\" for=\"policy\">Or the"
           " policy text</label><div class=\"govuk-hint\" id=\"policy-hint\">The format is described in the policy"
           " guide (docs/policy.md).</div>",
           e ? " govuk-form-group--error" : "");
    if (e)
        html_f(
            b,
            "<p class=\"govuk-error-message\" id=\"policy-error\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
            e->message);
    html_f(b,
           "<textarea class=\"govuk-textarea govuk-!-font-family-monospace%s\" id=\"policy\" name=\"policy\""
           " rows=\"12\" aria-describedby=\"policy-hint%s\">%s</textarea></div>"
           "<button type=\"submit\" class=\"govuk-button\">Check the policy</button></form>",
           e ? " govuk-textarea--error" : "", e ? " policy-error" : "", text ? text : "");
    history_table(r);
    page_end(r);
}

void page_admin_policy(Req *r) { policy_page(r, NULL, NULL, NULL); }

/* A policy's text as it came from a form: line ends as the file has them.
 * Browsers send a textarea's (and a hidden field's) line ends as CR LF; the
 * text previewed, hashed and applied is the same whichever way it came. */
static char *policy_text(const char *in, size_t n, size_t *len)
{
    char *out = xcalloc(n + 1, 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!(in[i] == '\r' && i + 1 < n && in[i + 1] == '\n')) out[k++] = in[i];
    *len = k;
    return out;
}

/* A change's row in the preview: who or which case, linked. */
static void change_who(Buf *b, const PolicyChange *c)
{
    static const char *const kinds[] = {[DUE_KIND_ACTION] = "Action",
                                        [DUE_KIND_AGREEMENT] = "Agreement review",
                                        [DUE_KIND_CASE] = "Case",
                                        [DUE_KIND_ESCALATION] = "Escalation",
                                        [DUE_KIND_SIGN_OFF] = "Record to sign",
                                        [DUE_KIND_STAFF] = "Supervision"};
    if (c->kind == DUE_KIND_STAFF)
        html_f(b, "<a class=\"govuk-link\" href=\"/people/%u\">%s</a> (%s)", c->id, c->name, c->id);
    else if (c->kind == DUE_KIND_CASE)
        html_f(b, "Case <a class=\"govuk-link\" href=\"/cases/%u\">%s</a>%s%s", c->id, c->id,
               *c->owner_name ? ", worker " : "", c->owner_name);
    else
        html_f(b, "%s: %s", (size_t)c->kind < sizeof kinds / sizeof *kinds && kinds[c->kind] ? kinds[c->kind] : "Due",
               *c->name ? c->name : c->id);
}

static void change_due(Buf *b, bool listed, const DueResult *d)
{
    HTML_RAW(b, "<td class=\"govuk-table__cell\">");
    if (!listed) {
        HTML_RAW(b, "Not due</td>");
        return;
    }
    char day[WEB_DATE_CHARS];
    web_date(d->due, day);
    html_f(b, "%s ", day);
    web_status_tag(b, d->status);
    HTML_RAW(b, "</td>");
}

/* What the candidate would change, and the form that applies it. */
static void preview_page(Req *r, const char *text, const PolicyPreview *p, const Policy *cand)
{
    Buf *b = &r->rs->body;
    heading(r, "Check the new policy", "Admin");
    char today[WEB_DATE_CHARS];
    web_date(p->asof, today);
    html_f(b, "<p class=\"govuk-body\">The policy is valid: <strong>%s</strong>.</p>", p->candidate_name);
    bool same = strcmp(p->in_force_hash, p->candidate_hash) == 0;
    if (same)
        HTML_RAW(b, "<div class=\"govuk-inset-text\">This is the policy in force: applying it would change"
                    " nothing.</div>");
    else if (!p->changed)
        html_f(b,
               "<div class=\"govuk-inset-text\">On %s no due date or status would change: the due list is the same"
               " under both policies.</div>",
               today);
    else {
        html_f(b,
               "<p class=\"govuk-body\">On %s, under this policy instead of <strong>%s</strong>, %ld of the %ld due"
               " dates would change: %ld fall due earlier and %ld later; %ld would become overdue and %ld would no"
               " longer be overdue.</p><dl class=\"govuk-summary-list\">",
               today, p->in_force_name, (long)p->changed, (long)p->rows, (long)p->earlier, (long)p->later,
               (long)p->newly_overdue, (long)p->no_longer_overdue);
        static const struct {
            DueKind kind;
            const char *label;
        } kinds[] = {{DUE_KIND_STAFF, "People's supervision"},  {DUE_KIND_CASE, "Case discussions"},
                     {DUE_KIND_AGREEMENT, "Agreement reviews"}, {DUE_KIND_SIGN_OFF, "Records to sign"},
                     {DUE_KIND_ESCALATION, "Escalations"},      {DUE_KIND_ACTION, "Actions"}};
        for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
            char n[24];
            strfmt(n, sizeof n, "%ld", (long)p->changed_by_kind[kinds[i].kind]);
            if (p->changed_by_kind[kinds[i].kind]) web_summary_row(b, kinds[i].label, n);
        }
        HTML_RAW(b, "</dl>");
        static const char *const heads[] = {"Person or case", "Due now", "Due under the new policy", NULL};
        table_start(b, "What would change", "m", heads);
        for (size_t i = 0; i < p->n; i++) {
            const PolicyChange *c = &p->items[i];
            HTML_RAW(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
            change_who(b, c);
            HTML_RAW(b, "</td>");
            change_due(b, c->before_listed, &c->before);
            change_due(b, c->after_listed, &c->after);
            HTML_RAW(b, "</tr>");
        }
        table_end(b);
        if (p->n < p->changed)
            html_f(b, "<p class=\"govuk-body\">Showing the first %ld of %ld changes.</p>", (long)p->n,
                   (long)p->changed);
    }
    HTML_RAW(b, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                "<span class=\"govuk-details__summary-text\">The new policy in words</span></summary>"
                "<div class=\"govuk-details__text\">");
    policy_summary(b, cand);
    HTML_RAW(b, "</div></details>");
    if (!same) {
        HTML_RAW(b, "<form method=\"post\" action=\"/admin/policy/apply\" novalidate>");
        csrf_field(r);
        html_f(b,
               "<input type=\"hidden\" name=\"policy\" value=\"%s\">"
               "<input type=\"hidden\" name=\"in_force\" value=\"%s\">"
               "<input type=\"hidden\" name=\"checked\" value=\"%s\">"
               "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\">Apply this policy"
               " from %s</button>",
               text, p->in_force_hash, p->candidate_hash, today);
        HTML_RAW(b, "<a class=\"govuk-link\" href=\"/admin/policy\">Cancel</a></div></form>");
    } else
        HTML_RAW(b,
                 "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/admin/policy\">Back to the policy</a></p>");
    page_end(r);
}

/* Checks the policy chosen or pasted and shows what it would change. */
void post_admin_policy(Req *r)
{
    const HttpRequest *rq = r->rq;
    bool file = rq->upload && rq->upload_len > 0;
    const char *pasted = http_form(rq, "policy");
    size_t len;
    char *text = file ? policy_text(rq->upload, rq->upload_len, &len)
                      : policy_text(pasted ? pasted : "", pasted ? strlen(pasted) : 0, &len);
    char source[128];
    strfmt(source, sizeof source, "%s",
           file && rq->upload_name && *rq->upload_name ? base_name(rq->upload_name) : "policy");
    SvcError e = {0};
    if (!len) {
        svc_fail(&e, SVC_INVALID, "policy", "Choose a policy file or paste the policy text");
        r->rs->status = 400;
        policy_page(r, NULL, &e, NULL);
        return free(text);
    }
    AdminActor a = actor(r);
    PolicyPreview p;
    SvcResult rc = policy_preview(r->st, &a, web_today(), text, len, source, &p, &e);
    if (rc == SVC_OK) {
        char err[512];
        Policy *cand = policy_parse(text, len, source, err, sizeof err);
        if (cand)
            preview_page(r, text, &p, cand);
        else
            page_server_error(r);
        policy_free(cand);
    } else if (!web_svc_refusal(r, rc, "the policy"))
        policy_page(r, file ? NULL : text, &e, NULL);
    policy_preview_free(&p);
    free(text);
}

/* Applies the policy that was checked, unless another change came first. */
void post_admin_policy_apply(Req *r)
{
    const char *posted = http_form(r->rq, "policy"), *in_force = http_form(r->rq, "in_force"),
               *checked = http_form(r->rq, "checked");
    size_t len;
    char *text = policy_text(posted ? posted : "", posted ? strlen(posted) : 0, &len);
    char hash[POLICY_HASH_CHARS];
    policy_text_hash(text, len, hash);
    SvcError e = {0};
    SvcResult rc;
    if (!in_force || !checked || strcmp(checked, hash) != 0)
        rc = svc_fail(&e, SVC_INVALID, "policy", "This is not the policy that was checked: check it again");
    else {
        AdminActor a = actor(r);
        rc = policy_apply(r->st, &a, web_today(), text, len, "policy", in_force, &e);
    }
    if (rc == SVC_OK) {
        char err[512], done[400], day[WEB_DATE_CHARS];
        Policy *p = policy_parse(text, len, "policy", err, sizeof err);
        if (p) {
            web_date(web_today(), day);
            strfmt(done, sizeof done, "\"%s\" is in force from %s.", p->name, day);
            log_event(r->rq->client, "policy \"%s\" applied by %s", p->name, r->v->username);
            policy_free(p);
            web_policy_take_up(r->app, r->st);
            policy_page(r, NULL, NULL, done);
        } else
            page_server_error(r);
    } else if (!web_svc_refusal(r, rc, "the policy"))
        policy_page(r, text, &e, NULL);
    free(text);
}

/* An earlier policy (or the one in force): its dates, words and text. */
void page_admin_policy_history(Req *r)
{
    AdminActor a = actor(r);
    int64_t ref = web_ref(r->arg);
    PolicyHistory h;
    SvcResult rc = ref ? policy_history(r->st, &a, &h) : SVC_NOT_FOUND;
    const PolicyHistoryEntry *e = NULL;
    for (size_t i = 0; rc == SVC_OK && i < h.n; i++)
        if (h.items[i].ref == ref) e = &h.items[i];
    if (rc == SVC_OK && !e) rc = SVC_NOT_FOUND;
    char *text = NULL;
    size_t len = 0;
    if (rc == SVC_OK) rc = policy_history_text(r->st, &a, ref, &text, &len);
    if (web_svc_refusal(r, rc, "the policy history")) {
        if (ref) policy_history_free(&h);
        return;
    }
    Buf *b = &r->rs->body;
    heading(r, e->name, *e->until ? "An earlier policy" : "The policy in force");
    char from[WEB_DATE_CHARS], until[WEB_DATE_CHARS];
    if (*e->until)
        html_f(b, "<p class=\"govuk-body\">In force from %s until %s. Applied by %s.</p>",
               web_date_of(e->applied_from, from), web_date_of(e->until, until), e->by);
    else
        html_f(b, "<p class=\"govuk-body\">In force from %s. Applied by %s.</p>", web_date_of(e->applied_from, from),
               e->by);
    char err[512];
    Policy *p = policy_parse(text, len, "policy", err, sizeof err);
    if (p) policy_summary(b, p);
    policy_free(p);
    HTML_RAW(b, "<h2 class=\"govuk-heading-m\">The policy file</h2>");
    html_f(b, "<p class=\"govuk-body govuk-!-font-family-monospace app-prose\">%s</p>", text);
    HTML_RAW(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/admin/policy#history\">Back to the"
                " policy</a></p>");
    free(text);
    policy_history_free(&h);
    page_end(r);
}
