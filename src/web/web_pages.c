/* web_pages.c: the pages that show supervision: mine, my team's, a
 * service's, and one person, case or team. Every page asks access.h before
 * reading a record, and lists only what the viewer may open. */
#include <stdio.h>
#include <string.h>

#include "svc/record.h"
#include "web/frame.h"
#include "web/routes.h"

#define HISTORY_ROWS 200 /* sessions or discussions shown on a person's or case's page */
#define MY_SESSIONS 10   /* past sessions on My supervision */

static bool history_table(Req *r, StmtId stmt, int64_t ref, int limit, const char *caption, const char *none);

/* ---- pieces ---- */

static void table_start(Buf *b, const char *caption, bool caption_visible, const char *const *heads)
{
    html_f(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption %s\">%s</caption>"
              "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
           caption_visible ? "govuk-table__caption--m" : "govuk-visually-hidden", caption);
    for (; *heads; heads++) html_f(b, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", *heads);
    HTML_RAW(b, "</tr></thead><tbody class=\"govuk-table__body\">");
}

static void table_end(Buf *b) { HTML_RAW(b, "</tbody></table>"); }

static void cell(Buf *b, const char *text) { html_f(b, "<td class=\"govuk-table__cell\">%s</td>", text); }

static void cell_date(Buf *b, bool has, Date d, const char *none)
{
    char s[WEB_DATE_CHARS];
    if (has) web_date(d, s);
    cell(b, has ? s : none);
}

static void cell_tag(Buf *b, DueStatus s)
{
    HTML_RAW(b, "<td class=\"govuk-table__cell\">");
    web_status_tag(b, s);
    HTML_RAW(b, "</td>");
}

static void link_person(Buf *b, const char *id, const char *name)
{
    html_f(b, "<a class=\"govuk-link\" href=\"/people/%u\">%s</a>", id, name && *name ? name : id);
}

/* The staff rows of a due list. */
static size_t staff_table(Buf *b, const DueList *l, const char *caption)
{
    static const char *const heads[] = {"Name", "Status", "Due by", "Last supervision", "Supervisor", "Rule", NULL};
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        if (row->kind != DUE_KIND_STAFF) continue;
        if (!n++) table_start(b, caption, true, heads);
        HTML_RAW(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        link_person(b, row->id, row->name);
        HTML_RAW(b, "</td>");
        cell_tag(b, row->r.status);
        cell_date(b, true, row->r.due, "");
        cell_date(b, row->r.has_last, row->r.last, "never");
        cell(b, row->owner_name[0] ? row->owner_name : "none");
        cell(b, row->r.rule);
        HTML_RAW(b, "</tr>");
    }
    if (n) table_end(b);
    return n;
}

/* The case rows of a due list; only_due leaves out those within policy. */
static size_t case_table(Buf *b, const DueList *l, const char *caption, bool only_due, bool show_worker)
{
    static const char *const with_worker[] = {"Case", "Worker", "Status", "Due by", "Last discussed", "Rule", NULL};
    static const char *const without[] = {"Case", "Status", "Due by", "Last discussed", "Rule", NULL};
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        if (row->kind != DUE_KIND_CASE || (only_due && row->r.status == STATUS_OK)) continue;
        if (!n++) table_start(b, caption, true, show_worker ? with_worker : without);
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                  "<a class=\"govuk-link\" href=\"/cases/%u\">%s</a></td>",
               row->id, row->id);
        if (show_worker) {
            HTML_RAW(b, "<td class=\"govuk-table__cell\">");
            link_person(b, row->owner, row->owner_name);
            HTML_RAW(b, "</td>");
        }
        cell_tag(b, row->r.status);
        cell_date(b, true, row->r.due, "");
        cell_date(b, row->r.has_last, row->r.last, "never");
        cell(b, row->r.rule);
        HTML_RAW(b, "</tr>");
    }
    if (n) table_end(b);
    return n;
}

static const char *kind_label(DueKind k)
{
    switch (k) {
    case DUE_KIND_AGREEMENT: return "Agreement review";
    case DUE_KIND_SIGN_OFF: return "Record to sign";
    case DUE_KIND_ACTION: return "Action";
    case DUE_KIND_ESCALATION: return "Escalation";
    default: return "";
    }
}

/* The rows of the supervision kinds (agreement reviews, records to sign,
 * actions, escalations); only_due leaves out those within policy. */
static size_t other_table(Buf *b, const DueList *l, const char *caption, bool only_due, bool show_person)
{
    static const char *const with_person[] = {"What", "Person", "With", "Status", "Due by", "Rule", NULL};
    static const char *const without[] = {"What", "With", "Status", "Due by", "Rule", NULL};
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        if (row->kind == DUE_KIND_STAFF || row->kind == DUE_KIND_CASE || (only_due && row->r.status == STATUS_OK))
            continue;
        if (!n++) table_start(b, caption, true, show_person ? with_person : without);
        const char *num = strchr(row->id, '-');
        HTML_RAW(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        if (row->kind == DUE_KIND_AGREEMENT)
            html_f(b, "<a class=\"govuk-link\" href=\"/people/%u/agreement\">%s</a>", row->id, kind_label(row->kind));
        else if (row->kind == DUE_KIND_SIGN_OFF && num)
            html_f(b, "<a class=\"govuk-link\" href=\"/records/%u\">%s</a>", num + 1, kind_label(row->kind));
        else if (row->kind == DUE_KIND_ESCALATION && num)
            html_f(b, "<a class=\"govuk-link\" href=\"/escalations/%u\">%s</a>", num + 1, kind_label(row->kind));
        else
            html_f(b, "%s", kind_label(row->kind));
        HTML_RAW(b, "</td>");
        if (show_person) cell(b, row->name);
        cell(b, row->owner_name[0] ? row->owner_name : "senior managers");
        cell_tag(b, row->r.status);
        cell_date(b, true, row->r.due, "");
        cell(b, row->r.rule);
        HTML_RAW(b, "</tr>");
    }
    if (n) table_end(b);
    return n;
}

static bool compute(Req *r, const DueFilter *f, DueList *l)
{
    char err[512];
    int rc = due_compute(r->st, r->app->pol, f, l, err, sizeof err);
    if (rc == 0) return true;
    if (rc == 1) fprintf(stderr, "oversight serve: due list: %s\n", err);
    due_list_free(l);
    page_server_error(r);
    return false;
}

/* Appends the due list of filter f as render writes it, from the page cache
 * when the data is as it was (page_cache.h). scope names what decides the
 * content besides the date. The caller has decided the viewer may see it.
 * false: the page is already an error. */
typedef void (*DueRender)(Buf *b, const DueList *l);
static bool due_fragment(Req *r, const char *scope, const DueFilter *f, DueRender render)
{
    char key[300], asof[11];
    date_format(f->asof, asof);
    strfmt(key, sizeof key, "%s|%s", scope, asof);
    int64_t gen;
    if (store_generation(r->st, &gen) != STORE_OK) {
        page_server_error(r);
        return false;
    }
    Buf *b = &r->rs->body;
    if (page_cache_get(r->app->cache, key, gen, b)) return true;
    DueList l;
    if (!compute(r, f, &l)) return false;
    size_t from = b->len;
    render(b, &l);
    due_list_free(&l);
    page_cache_put(r->app->cache, key, gen, b->data + from, b->len - from);
    return true;
}

/* A summary line: how many of a kind are overdue and due soon. */
static void counts_line(Buf *b, const DueList *l, DueKind kind, const char *what)
{
    size_t over = 0, soon = 0, all = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->rows[i].kind != kind) continue;
        all++;
        over += l->rows[i].r.status == STATUS_OVERDUE;
        soon += l->rows[i].r.status == STATUS_DUE_SOON;
    }
    html_f(b, "<p class=\"govuk-body\">%ld %s: <strong>%ld overdue</strong>, %ld due soon.</p>", (long)all, what,
           (long)over, (long)soon);
}

/* ---- my supervision ---- */

void page_my_supervision(Req *r)
{
    const Visitor *v = r->v;
    Buf *b = &r->rs->body;
    page_start(r, "My supervision", "/");
    html_f(b, "<h1 class=\"govuk-heading-l\">My supervision</h1>");
    if (!v->staff_id[0]) {
        html_f(b, "<p class=\"govuk-body\">Your account is not linked to a staff record, so there is"
                  " no supervision of your own to show.</p>");
        page_end(r);
        return;
    }
    DueFilter f = {.asof = web_today(), .worker = v->staff_id};
    DueList l;
    if (!compute(r, &f, &l)) return;
    char due[WEB_DATE_CHARS], last[WEB_DATE_CHARS];
    for (size_t i = 0; i < l.n; i++) {
        const DueRow *row = &l.rows[i];
        if (row->kind != DUE_KIND_STAFF) continue;
        web_date(row->r.due, due);
        html_f(b, "<h2 class=\"govuk-heading-m\">Your next supervision</h2><p class=\"govuk-body\">");
        web_status_tag(b, row->r.status);
        html_f(b, " due by <strong>%s</strong>", due);
        if (row->r.has_last) {
            web_date(row->r.last, last);
            html_f(b, "; last held %s", last);
        }
        html_f(b, ".</p><p class=\"govuk-body-s\">Rule: %s</p>", row->r.rule);
        if (row->owner_name[0]) html_f(b, "<p class=\"govuk-body\">Your supervisor is %s.</p>", row->owner_name);
    }
    other_table(b, &l, "Also for you", false, false);
    if (!case_table(b, &l, "Your cases", false, false))
        html_f(b, "<h2 class=\"govuk-heading-m\">Your cases</h2><p class=\"govuk-body\">You have no open cases.</p>");
    due_list_free(&l);
    if (!history_table(r, STMT_PAGE_PERSON_SESSIONS, v->viewer.staff_ref, MY_SESSIONS, "Your past sessions",
                       "No sessions are recorded for you."))
        return page_server_error(r);
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people/%u\">All your sessions</a></p>",
           v->staff_id);
    page_end(r);
}

/* ---- my team ---- */

static void my_team_lists(Buf *b, const DueList *l)
{
    counts_line(b, l, DUE_KIND_STAFF, "people");
    if (!staff_table(b, l, "Supervision")) html_f(b, "<p class=\"govuk-body\">Nobody in your team is in post.</p>");
    if (!case_table(b, l, "Cases due or overdue for discussion", true, true))
        html_f(b, "<h2 class=\"govuk-heading-m\">Cases due or overdue for discussion</h2>"
                  "<p class=\"govuk-body\">No case is due for discussion.</p>");
    other_table(b, l, "Agreements, records, actions and escalations due", true, true);
}

void page_my_team(Req *r)
{
    Buf *b = &r->rs->body;
    page_start(r, "My team", "/team");
    html_f(b, "<h1 class=\"govuk-heading-l\">My team</h1>");
    if (!r->v->staff_id[0] || !r->v->viewer.manages) {
        html_f(b, "<p class=\"govuk-body\">Nobody is supervised or managed by you in the staff records.</p>");
        page_end(r);
        return;
    }
    DueFilter f = {.asof = web_today(), .manager = r->v->staff_id};
    char scope[120];
    strfmt(scope, sizeof scope, "my-team|%s", r->v->staff_id);
    if (!due_fragment(r, scope, &f, my_team_lists)) return;
    page_end(r);
}

/* ---- a team ---- */

static void team_lists(Buf *b, const DueList *l)
{
    counts_line(b, l, DUE_KIND_STAFF, "people");
    counts_line(b, l, DUE_KIND_CASE, "open cases");
    if (!staff_table(b, l, "Supervision")) html_f(b, "<p class=\"govuk-body\">Nobody in this team is in post.</p>");
    case_table(b, l, "Cases due or overdue for discussion", true, true);
    other_table(b, l, "Agreements, records, actions and escalations due", true, true);
}

void page_team(Req *r)
{
    Param p[] = {P_STR(r->arg)};
    StoreRows *q = store_query(r->st, STMT_PAGE_TEAM, p, 1);
    if (!q) return page_server_error(r);
    int got = store_next(q);
    int64_t ref = 0;
    char name[ACCESS_NAME_MAX + 1] = "", service[ACCESS_NAME_MAX + 1] = "", mid[65] = "", mname[256] = "";
    if (got == 1) {
        ref = store_col_int(q, 0);
        strfmt(name, sizeof name, "%s", store_col_text(q, 1, NULL));
        strfmt(service, sizeof service, "%s", store_col_text(q, 2, NULL));
        strfmt(mid, sizeof mid, "%s", store_col_text(q, 3, NULL));
        strfmt(mname, sizeof mname, "%s", store_col_text(q, 4, NULL));
    }
    store_rows_close(q);
    if (got < 0) return page_server_error(r);
    Access a = got == 1 ? access_team(r->st, &r->v->viewer, ref) : ACCESS_REFUSED;
    if (a == ACCESS_FAILED) return page_server_error(r);
    if (a != ACCESS_ALLOWED) {
        char what[160];
        strfmt(what, sizeof what, "team \"%s\"", r->arg);
        return page_refused(r, what);
    }
    DueFilter f = {.asof = web_today(), .team = name};
    Buf *b = &r->rs->body;
    page_start(r, name, NULL);
    html_f(b, "<span class=\"govuk-caption-l\">Team</span><h1 class=\"govuk-heading-l\">%s</h1>", name);
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Service</dt>"
              "<dd class=\"govuk-summary-list__value\">");
    if (service[0] && access_service(&r->v->viewer, service))
        html_f(b, "<a class=\"govuk-link\" href=\"/services/%u\">%s</a>", service, service);
    else
        html_f(b, "%s", service[0] ? service : "none");
    html_f(b, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Manager</dt>"
              "<dd class=\"govuk-summary-list__value\">");
    if (mid[0])
        link_person(b, mid, mname);
    else
        HTML_RAW(b, "none");
    HTML_RAW(b, "</dd></div></dl>");
    char scope[160];
    strfmt(scope, sizeof scope, "team|%s", name);
    if (!due_fragment(r, scope, &f, team_lists)) return;
    page_end(r);
}

/* ---- services ---- */

void page_services(Req *r)
{
    const Viewer *vw = &r->v->viewer;
    if (!vw->auditor && !vw->nservices) return page_refused(r, "the list of services");
    StoreRows *q = store_query(r->st, STMT_PAGE_SERVICES, NULL, 0);
    if (!q) return page_server_error(r);
    Buf *b = &r->rs->body;
    page_start(r, "Services", "/services");
    html_f(b, "<h1 class=\"govuk-heading-l\">Services</h1><ul class=\"govuk-list\">");
    int got;
    size_t n = 0;
    while ((got = store_next(q)) == 1) {
        const char *name = store_col_text(q, 0, NULL);
        if (!access_service(vw, name)) continue;
        n++;
        html_f(b, "<li><a class=\"govuk-link\" href=\"/services/%u\">%s</a> (%ld teams)</li>", name, name,
               (long)store_col_int(q, 1));
    }
    store_rows_close(q);
    if (got < 0) return page_server_error(r);
    HTML_RAW(b, "</ul>");
    if (!n) html_f(b, "<p class=\"govuk-body\">No services are recorded yet (see oversight import teams).</p>");
    page_end(r);
}

typedef struct {
    char name[ACCESS_NAME_MAX + 1], manager_id[65], manager[256];
    long staff, staff_ok, staff_over, cases, cases_ok, cases_over;
    long other_over; /* agreement reviews, records to sign, actions, escalations overdue */
} TeamFigures;

static void percent_cell(Buf *b, long part, long all)
{
    char s[16];
    if (all)
        strfmt(s, sizeof s, "%ld%%", (part * 100 + all / 2) / all);
    else
        strfmt(s, sizeof s, "none");
    cell(b, s);
}

static void number_cell(Buf *b, long n)
{
    char s[24];
    strfmt(s, sizeof s, "%ld", n);
    cell(b, s);
}

void page_service(Req *r)
{
    if (!access_service(&r->v->viewer, r->arg)) {
        char what[160];
        strfmt(what, sizeof what, "service \"%s\"", r->arg);
        return page_refused(r, what);
    }
    Param p[] = {P_STR(r->arg)};
    StoreRows *q = store_query(r->st, STMT_PAGE_SERVICE_TEAMS, p, 1);
    if (!q) return page_server_error(r);
    TeamFigures *teams = NULL;
    size_t nteams = 0, cap = 0;
    int got;
    while ((got = store_next(q)) == 1) {
        xgrow((void **)&teams, &cap, nteams + 1, sizeof *teams);
        TeamFigures *t = &teams[nteams++];
        memset(t, 0, sizeof *t);
        strfmt(t->name, sizeof t->name, "%s", store_col_text(q, 0, NULL));
        strfmt(t->manager_id, sizeof t->manager_id, "%s", store_col_text(q, 1, NULL));
        strfmt(t->manager, sizeof t->manager, "%s", store_col_text(q, 2, NULL));
    }
    store_rows_close(q);
    if (got < 0) {
        free(teams);
        return page_server_error(r);
    }
    DueFilter f = {.asof = web_today(), .service = r->arg};
    DueList l;
    if (!compute(r, &f, &l)) {
        free(teams);
        return;
    }
    /* Rows come most overdue first, not by team: find each row's team. */
    for (size_t i = 0; i < l.n; i++) {
        const DueRow *row = &l.rows[i];
        for (size_t k = 0; k < nteams; k++) {
            if (strcmp(teams[k].name, row->team) != 0) continue;
            TeamFigures *t = &teams[k];
            bool ok = row->r.status != STATUS_OVERDUE;
            if (row->kind == DUE_KIND_STAFF)
                t->staff++, t->staff_ok += ok, t->staff_over += !ok;
            else if (row->kind == DUE_KIND_CASE)
                t->cases++, t->cases_ok += ok, t->cases_over += !ok;
            else
                t->other_over += !ok;
            break;
        }
    }
    Buf *b = &r->rs->body;
    page_start(r, r->arg, "/services");
    html_f(b, "<span class=\"govuk-caption-l\">Service</span><h1 class=\"govuk-heading-l\">%s</h1>", r->arg);
    counts_line(b, &l, DUE_KIND_STAFF, "people");
    counts_line(b, &l, DUE_KIND_CASE, "open cases");
    static const char *const heads[] = {"Team", "Manager", "Staff within policy", "Staff overdue",
                                        "Cases within policy", "Cases overdue",
                                        "Agreements, records, actions and escalations overdue", NULL};
    table_start(b, "Compliance by team", true, heads);
    for (size_t k = 0; k < nteams; k++) {
        const TeamFigures *t = &teams[k];
        html_f(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                  "<a class=\"govuk-link\" href=\"/teams/%u\">%s</a></td><td class=\"govuk-table__cell\">",
               t->name, t->name);
        if (t->manager_id[0])
            link_person(b, t->manager_id, t->manager);
        else
            HTML_RAW(b, "none");
        HTML_RAW(b, "</td>");
        percent_cell(b, t->staff_ok, t->staff);
        number_cell(b, t->staff_over);
        percent_cell(b, t->cases_ok, t->cases);
        number_cell(b, t->cases_over);
        number_cell(b, t->other_over);
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    html_f(b, "<p class=\"govuk-body-s\">Within policy: not overdue today (due soon counts as within policy).</p>");
    due_list_free(&l);
    free(teams);
    page_end(r);
}

/* ---- a person ---- */

/* Sessions or discussions, newest first: id, date, type, status, supervisor id, name. */
static bool history_table(Req *r, StmtId stmt, int64_t ref, int limit, const char *caption, const char *none)
{
    Param p[] = {P_INT(ref), P_INT(limit)};
    StoreRows *q = store_query(r->st, stmt, p, 2);
    if (!q) return false;
    Buf *b = &r->rs->body;
    static const char *const heads[] = {"Date", "Session", "Type", "Status", "Supervisor", NULL};
    int got;
    size_t n = 0;
    while ((got = store_next(q)) == 1) {
        if (!n++) table_start(b, caption, true, heads);
        char when[WEB_DATE_CHARS];
        web_date_text(store_col_text(q, 1, NULL), when);
        HTML_RAW(b, "<tr class=\"govuk-table__row\">");
        cell(b, when);
        cell(b, store_col_text(q, 0, NULL));
        cell(b, store_col_text(q, 2, NULL));
        cell(b, store_col_text(q, 3, NULL));
        cell(b, store_col_text(q, 5, NULL));
        HTML_RAW(b, "</tr>");
    }
    store_rows_close(q);
    if (got < 0) return false;
    if (n)
        table_end(b);
    else
        html_f(b, "<h2 class=\"govuk-heading-m\">%s</h2><p class=\"govuk-body\">%s</p>", caption, none);
    if (n == (size_t)limit) html_f(b, "<p class=\"govuk-body-s\">The latest %d are shown.</p>", limit);
    return true;
}

/* The person's supervision records, newest first, with where each stands. */
static bool person_records(Req *r, int64_t staff_ref)
{
    Param p[] = {P_INT(staff_ref), P_INT(HISTORY_ROWS)};
    StoreRows *q = store_query(r->st, STMT_RECORDS_OF_PERSON, p, 2);
    if (!q) return false;
    Buf *b = &r->rs->body;
    html_f(b, "<h2 class=\"govuk-heading-m\">Supervision records</h2>");
    int got;
    size_t n = 0;
    while ((got = store_next(q)) == 1) {
        if (!n++) HTML_RAW(b, "<ul class=\"govuk-list\">");
        char d[WEB_DATE_CHARS], ref[24];
        strfmt(ref, sizeof ref, "%lld", (long long)store_col_int(q, 0));
        const char *state = store_col_text(q, 3, NULL);
        html_f(b, "<li><a class=\"govuk-link\" href=\"/records/%u\">%s with %s</a>: %s (version %ld)</li>", ref,
               web_date_of(store_col_text(q, 1, NULL), d), store_col_text(q, 5, NULL),
               strcmp(state, "signed") == 0 ? "signed by both" : strcmp(state, "sent") == 0 ? "waiting to be signed"
               : strcmp(state, "disputed") == 0 ? "disputed" : "being written",
               (long)store_col_int(q, 2));
    }
    store_rows_close(q);
    if (got < 0) return false;
    if (n)
        HTML_RAW(b, "</ul>");
    else
        html_f(b, "<p class=\"govuk-body\">No records written in Oversight yet.</p>");
    return true;
}

/* Sessions booked in Oversight and cancelled: who cancelled and why, so a
 * pattern of cancelled supervision is seen, not lost. */
static bool person_cancellations(Req *r, int64_t staff_ref)
{
    Param p[] = {P_INT(staff_ref), P_INT(HISTORY_ROWS)};
    StoreRows *q = store_query(r->st, STMT_BOOKING_CANCELLED_OF, p, 2);
    if (!q) return false;
    Buf *b = &r->rs->body;
    int got;
    size_t n = 0;
    while ((got = store_next(q)) == 1) {
        if (!n++)
            html_f(b, "<h2 class=\"govuk-heading-m\">Cancelled sessions</h2><ul class=\"govuk-list govuk-list--bullet\">");
        char d[WEB_DATE_CHARS], ref[24];
        strfmt(ref, sizeof ref, "%lld", (long long)store_col_int(q, 0));
        html_f(b, "<li><a class=\"govuk-link\" href=\"/bookings/%u\">%s</a>: cancelled by %s: %s</li>", ref,
               web_date_of(store_col_text(q, 1, NULL), d), store_col_text(q, 2, NULL), store_col_text(q, 3, NULL));
    }
    store_rows_close(q);
    if (n) HTML_RAW(b, "</ul>");
    return got == 0;
}

void page_person(Req *r)
{
    Param p[] = {P_STR(r->arg)};
    StoreRows *q = store_query(r->st, STMT_PAGE_PERSON, p, 1);
    if (!q) return page_server_error(r);
    int got = store_next(q);
    int64_t ref = 0;
    char id[65] = "", name[256] = "", role[65] = "", team[ACCESS_NAME_MAX + 1] = "", sup[256] = "", lm[256] = "",
         start[11] = "", left[11] = "";
    if (got == 1) {
        ref = store_col_int(q, 0);
        strfmt(id, sizeof id, "%s", store_col_text(q, 1, NULL));
        strfmt(name, sizeof name, "%s", store_col_text(q, 2, NULL));
        strfmt(role, sizeof role, "%s", store_col_text(q, 3, NULL));
        strfmt(team, sizeof team, "%s", store_col_text(q, 4, NULL));
        strfmt(sup, sizeof sup, "%s", store_col_text(q, 6, NULL));
        strfmt(lm, sizeof lm, "%s", store_col_text(q, 8, NULL));
        strfmt(start, sizeof start, "%s", store_col_text(q, 9, NULL));
        strfmt(left, sizeof left, "%s", store_col_text(q, 10, NULL));
    }
    store_rows_close(q);
    if (got < 0) return page_server_error(r);
    Access a = got == 1 ? access_person(r->st, &r->v->viewer, ref) : ACCESS_REFUSED;
    if (a == ACCESS_FAILED) return page_server_error(r);
    if (a != ACCESS_ALLOWED) {
        char what[160];
        strfmt(what, sizeof what, "person \"%s\"", r->arg);
        return page_refused(r, what);
    }
    DueFilter f = {.asof = web_today(), .worker = id};
    DueList l;
    if (!compute(r, &f, &l)) return;
    Buf *b = &r->rs->body;
    page_start(r, name, NULL);
    html_f(b, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", id, name);
    const Role *pr = policy_role(r->app->pol, role, strlen(role));
    const char *role_name = pr && pr->label ? pr->label : role;
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    web_summary_row(b, "Role", role_name);
    web_summary_row(b, "Team", team[0] ? team : "none");
    web_summary_row(b, "Supervisor", sup[0] ? sup : "none");
    web_summary_row(b, "Line manager", lm[0] ? lm : "none");
    char when[WEB_DATE_CHARS];
    web_date_text(start, when);
    web_summary_row(b, "In this role since", when);
    web_date_text(left, when);
    if (left[0]) web_summary_row(b, "Left", when);
    bool listed = false;
    char due[WEB_DATE_CHARS];
    for (size_t i = 0; i < l.n; i++) {
        const DueRow *row = &l.rows[i];
        if (row->kind != DUE_KIND_STAFF) continue;
        listed = true;
        web_date(row->r.due, due);
        html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Next supervision</dt>"
                  "<dd class=\"govuk-summary-list__value\">");
        web_status_tag(b, row->r.status);
        html_f(b, " due by %s<br><span class=\"govuk-body-s\">Rule: %s</span></dd></div>", due, row->r.rule);
    }
    if (!listed) web_summary_row(b, "Next supervision", "not due (not in post)");
    HTML_RAW(b, "</dl>");
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people/%u/agreement\">Supervision agreement</a></p>", id);
    other_table(b, &l, "Agreement, records, actions and escalations", false, false);
    case_table(b, &l, "Open cases", false, false);
    due_list_free(&l);
    if (!person_records(r, ref) || !person_cancellations(r, ref)) return page_server_error(r);
    if (!history_table(r, STMT_PAGE_PERSON_SESSIONS, ref, HISTORY_ROWS, "Sessions", "No sessions are recorded."))
        return page_server_error(r);
    page_end(r);
}

/* ---- a case ---- */

/* The decisions made about the case in supervision, newest first: what the
 * child's record must show (how each was reached, and any departure from
 * procedure). */
static bool case_decisions(Req *r, int64_t case_ref)
{
    Record notes;
    SvcResult rc = case_notes_of(r->st, &r->v->viewer, case_ref, HISTORY_ROWS, &notes);
    if (rc == SVC_FAILED) return false;
    if (rc != SVC_OK) return true;
    Buf *b = &r->rs->body;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"decisions\">Decisions in supervision</h2>");
    if (!notes.nnotes) html_f(b, "<p class=\"govuk-body\">No decisions are recorded yet.</p>");
    for (size_t i = 0; i < notes.nnotes; i++) {
        const CaseNote *n = &notes.notes[i];
        char d[WEB_DATE_CHARS];
        const char *kind = strcmp(n->session_type, "group") == 0      ? "group supervision"
                           : strcmp(n->session_type, "informal") == 0 ? "an informal discussion"
                                                                      : "supervision";
        html_f(b, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                  "<h3 class=\"govuk-summary-card__title\">%s, in %s with %s</h3>",
               web_date_of(n->date, d), kind, n->writer_name);
        if (n->record_ref)
            html_f(b, "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">"
                      "<a class=\"govuk-link\" href=\"/records/%ld\">The record<span class=\"govuk-visually-hidden\"> of %s</span></a></li></ul>",
                   (long)n->record_ref, d);
        HTML_RAW(b, "</div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">");
        if (n->analysis[0]) web_summary_row(b, "Analysis", n->analysis);
        web_summary_row(b, "Decision", n->decision);
        if (n->rationale[0]) web_summary_row(b, "Why", n->rationale);
        if (n->tasks[0]) web_summary_row(b, "Further tasks", n->tasks);
        if (n->departs)
            html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Departs from procedure</dt>"
                      "<dd class=\"govuk-summary-list__value app-prose\"><strong class=\"govuk-tag govuk-tag--red\">Departs</strong> %s</dd></div>",
                   n->departure);
        HTML_RAW(b, "</dl></div></div>");
    }
    record_free(&notes);
    return true;
}

void page_case(Req *r) { page_case_with(r, NULL); }

void page_case_with(Req *r, const SvcError *e)
{
    Param p[] = {P_STR(r->arg)};
    StoreRows *q = store_query(r->st, STMT_PAGE_CASE, p, 1);
    if (!q) return page_server_error(r);
    int got = store_next(q);
    int64_t ref = 0;
    char id[65] = "", cat[65] = "", wid[65] = "", wname[256] = "", alloc[11] = "", closed[11] = "", every[32] = "";
    int64_t worker_ref = 0;
    if (got == 1) {
        ref = store_col_int(q, 0);
        strfmt(id, sizeof id, "%s", store_col_text(q, 1, NULL));
        strfmt(cat, sizeof cat, "%s", store_col_text(q, 2, NULL));
        worker_ref = store_col_int(q, 3);
        strfmt(wid, sizeof wid, "%s", store_col_text(q, 4, NULL));
        strfmt(wname, sizeof wname, "%s", store_col_text(q, 5, NULL));
        strfmt(alloc, sizeof alloc, "%s", store_col_text(q, 6, NULL));
        strfmt(closed, sizeof closed, "%s", store_col_text(q, 7, NULL));
        strfmt(every, sizeof every, "%s", store_col_text(q, 8, NULL));
    }
    store_rows_close(q);
    if (got < 0) return page_server_error(r);
    /* A case the viewer may not read is answered as if it did not exist. */
    Access a = got == 1 ? access_case(r->st, &r->v->viewer, ref) : ACCESS_REFUSED;
    if (a == ACCESS_FAILED) return page_server_error(r);
    if (a != ACCESS_ALLOWED) {
        char what[160];
        strfmt(what, sizeof what, "case \"%s\"", r->arg);
        access_refused(&r->v->viewer, r->v->username, what, r->rq->client);
        return page_not_found(r);
    }
    DueFilter f = {.asof = web_today(), .worker = wid};
    DueList l;
    if (!compute(r, &f, &l)) return;
    Buf *b = &r->rs->body;
    b->len = 0;
    char title[100];
    strfmt(title, sizeof title, "%s%s", e && e->message[0] ? "Error: " : "", id);
    page_start(r, title, NULL);
    form_problem(r, e);
    html_f(b, "<span class=\"govuk-caption-l\">Case</span><h1 class=\"govuk-heading-l\">%s</h1>", id);
    const Category *pc = policy_category(r->app->pol, cat, strlen(cat));
    const char *cat_name = pc && pc->label ? pc->label : cat;
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    web_summary_row(b, "Category", cat_name);
    html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Allocated worker</dt>"
              "<dd class=\"govuk-summary-list__value\">");
    link_person(b, wid, wname);
    HTML_RAW(b, "</dd></div>");
    char when[WEB_DATE_CHARS];
    web_date_text(alloc, when);
    web_summary_row(b, "Allocated", when);
    web_date_text(closed, when);
    if (closed[0]) web_summary_row(b, "Closed", when);
    if (every[0]) web_summary_row(b, "Discussed at least every", every);
    bool listed = false;
    char due[WEB_DATE_CHARS];
    for (size_t i = 0; i < l.n; i++) {
        const DueRow *row = &l.rows[i];
        if (row->kind != DUE_KIND_CASE || strcmp(row->id, id) != 0) continue;
        listed = true;
        web_date(row->r.due, due);
        html_f(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Next discussion</dt>"
                  "<dd class=\"govuk-summary-list__value\">");
        web_status_tag(b, row->r.status);
        html_f(b, " due by %s<br><span class=\"govuk-body-s\">Rule: %s</span></dd></div>", due, row->r.rule);
    }
    if (!listed) web_summary_row(b, "Next discussion", closed[0] ? "not due (closed)" : "not due");
    HTML_RAW(b, "</dl>");
    due_list_free(&l);
    if (!case_decisions(r, ref)) return page_server_error(r);
    if ((pc && pc->nchecklist) || e) case_concerns_section(r, ref, id, worker_ref, e);
    if (!history_table(r, STMT_PAGE_CASE_DISCUSSIONS, ref, HISTORY_ROWS, "Discussions", "This case has not been discussed."))
        return page_server_error(r);
    page_end(r);
}
