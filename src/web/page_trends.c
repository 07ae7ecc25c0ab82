/* page_trends.c: compliance over time for a service, a team or a person
 * (svc/view_trends.h): charts drawn here as SVG, each beside a table of
 * the same figures, every figure a link to the list behind it. */
#include <string.h>

#include "svc/view_trends.h"
#include "web/page_lists.h"
#include "web/routes.h"

/* Where a scope's pages are: "/services/", "/teams/", "/people/". */
static const char *scope_path(TrendsScope s)
{
    return s == TRENDS_SERVICE ? "/services/" : s == TRENDS_TEAM ? "/teams/" : "/people/";
}

static const char *scope_word(TrendsScope s)
{
    return s == TRENDS_SERVICE ? "Service" : s == TRENDS_TEAM ? "Team" : "Person";
}

static long percent(long part, long all) { return all ? (part * 100 + all / 2) / all : 0; }

/* Answers a view's refusal or failure; true when there is one. */
static bool answered(Req *r, SvcResult rc, TrendsScope scope)
{
    if (rc == SVC_OK) return false;
    if (rc == SVC_FAILED) {
        page_server_error(r);
        return true;
    }
    /* Not found is answered as refused, as the service and team pages do. */
    char what[200];
    strfmt(what, sizeof what, "the trends of %s \"%s\"",
           scope == TRENDS_SERVICE ? "service"
           : scope == TRENDS_TEAM  ? "team"
                                   : "person",
           r->arg);
    page_refused(r, what);
    return true;
}

/* The period form (GET): from and to, each a month. */
static void period_form(Buf *b, const char *from, const char *to, const SvcError *e)
{
    HTML_RAW(b, "<form method=\"get\" class=\"govuk-!-margin-bottom-6\"><fieldset class=\"govuk-fieldset\">"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Months shown</legend>");
    const char *ids[] = {"from", "to"}, *labels[] = {"From (YYYY-MM)", "To (YYYY-MM)"}, *values[] = {from, to};
    for (int i = 0; i < 2; i++) {
        bool bad = e && strcmp(e->field, ids[i]) == 0;
        html_f(b, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s</label>",
               bad ? " govuk-form-group--error" : "", ids[i], labels[i]);
        if (bad)
            html_f(b,
                   "<p id=\"%s-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:"
                   "</span> %s</p>",
                   ids[i], e->message);
        html_f(b,
               "<input class=\"govuk-input govuk-input--width-10%s\" id=\"%s\" name=\"%s\" type=\"text\" value=\"%s\""
               " spellcheck=\"false\"",
               bad ? " govuk-input--error" : "", ids[i], ids[i], values[i] ? values[i] : "");
        if (bad) html_f(b, " aria-describedby=\"%s-error\"", ids[i]);
        HTML_RAW(b, "></div>");
    }
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                "Show</button></fieldset></form>");
}

/* A line chart of a share, month by month: 0 to 100 per cent. Accessible:
 * role img, a title and a description with the latest figure; the same
 * figures are in the table beside it. Scales to its container. */
static void share_chart(Buf *b, const TrendsView *v, const char *id, const char *what, bool staff)
{
    enum { W = 640, H = 240, L = 48, R = 16, T = 16, B = 40 };
    const TrendMonth *last = &v->months[v->n - 1];
    const TrendShare *s = staff ? &last->staff : &last->cases;
    char end[WEB_DATE_CHARS];
    web_date(last->end, end);
    html_f(b,
           "<figure class=\"govuk-!-margin-0 govuk-!-margin-bottom-4\"><svg role=\"img\" aria-labelledby=\"%s-t %s-d\""
           " viewBox=\"0 0 %d %d\" width=\"100%%\" class=\"app-chart\">"
           "<title id=\"%s-t\">%s, month by month</title>",
           id, id, W, H, id, what);
    if (s->all)
        html_f(
            b,
            "<desc id=\"%s-d\">A line chart from %s to %s, 0 to 100 per cent. Latest, at %s: %ld%% (%ld of %ld).</desc>",
            id, v->months[0].month, last->month, end, percent(s->ok, s->all), s->ok, s->all);
    else
        html_f(b,
               "<desc id=\"%s-d\">A line chart from %s to %s, 0 to 100 per cent. Latest, at %s: none to count.</desc>",
               id, v->months[0].month, last->month, end);
    /* The axes and their labels. */
    for (int p = 0; p <= 100; p += 25) {
        int y = T + (H - T - B) * (100 - p) / 100;
        html_f(b,
               "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#505a5f\" stroke-width=\"1\""
               " stroke-dasharray=\"%d %d\"/>"
               "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"end\" fill=\"#0b0c0c\">%d%%</text>",
               L, y, W - R, y, p ? 4 : 1, p ? 4 : 0, L - 6, y + 5, p);
    }
    html_f(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#0b0c0c\" stroke-width=\"2\"/>", L, T, L, H - B);
    int step = v->n > 1 ? (W - L - R - 20) / (int)(v->n - 1) : 0;
    size_t every = v->n > 12 ? 3 : v->n > 6 ? 2 : 1;
    for (size_t k = 0; k < v->n; k++) {
        if (k % every && k != v->n - 1) continue;
        html_f(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" fill=\"#0b0c0c\">%s</text>",
               L + 10 + step * (int)k, H - B + 20, v->months[k].month);
    }
    html_f(b,
           "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" fill=\"#0b0c0c\">Month (at its end)</text>",
           (L + W - R) / 2, H - 4);
    /* The line, with a marked point for each month that has anyone to count. */
    HTML_RAW(b, "<polyline fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"3\" points=\"");
    for (size_t k = 0; k < v->n; k++) {
        const TrendShare *m = staff ? &v->months[k].staff : &v->months[k].cases;
        if (!m->all) continue;
        html_f(b, "%d,%ld ", L + 10 + step * (int)k,
               (long)T + (long)(H - T - B) * (100 - percent(m->ok, m->all)) / 100);
    }
    HTML_RAW(b, "\"/>");
    for (size_t k = 0; k < v->n; k++) {
        const TrendShare *m = staff ? &v->months[k].staff : &v->months[k].cases;
        if (!m->all) continue;
        html_f(b, "<circle cx=\"%d\" cy=\"%ld\" r=\"5\" fill=\"#1d70b8\"/>", L + 10 + step * (int)k,
               (long)T + (long)(H - T - B) * (100 - percent(m->ok, m->all)) / 100);
    }
    HTML_RAW(b, "</svg></figure>");
}

/* A figure linked to the list behind it (a plain 0 when there is none). */
static void count_link(Buf *b, const char *path, const char *name, const char *month, TrendList l, long n)
{
    if (!n) {
        HTML_RAW(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">0</td>");
        return;
    }
    html_f(b,
           "<td class=\"govuk-table__cell govuk-table__cell--numeric\"><a class=\"govuk-link\""
           " href=\"%s%u/trends/list?month=%s&amp;list=%s\">%ld</a></td>",
           path, name, month, trends_list_name(l), n);
}

static void share_cell(Buf *b, const TrendShare *s)
{
    if (s->all)
        html_f(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld%% (%ld of %ld)</td>",
               percent(s->ok, s->all), s->ok, s->all);
    else
        HTML_RAW(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">none</td>");
}

static void month_head(Buf *b, const TrendMonth *m)
{
    html_f(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>", m->month);
}

static void trends_tables(Buf *b, const TrendsView *v)
{
    const char *path = scope_path(v->scope);
    static const char *const h1[] = {"Month",         "Staff within policy",
                                     "Staff overdue", "Cases within policy",
                                     "Cases overdue", NULL};
    share_chart(b, v, "chart-staff", "Staff supervised within policy", true);
    share_chart(b, v, "chart-cases", "Open cases discussed within policy", false);
    table_start(b, "Supervision and case discussion within policy, at each month's end", true, h1);
    for (size_t k = 0; k < v->n; k++) {
        const TrendMonth *m = &v->months[k];
        month_head(b, m);
        share_cell(b, &m->staff);
        count_link(b, path, v->name, m->month, TL_STAFF_OVERDUE, m->staff.all - m->staff.ok);
        share_cell(b, &m->cases);
        count_link(b, path, v->name, m->month, TL_CASES_OVERDUE, m->cases.all - m->cases.ok);
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    /* Cases by category (legal status): the categories with any case. */
    html_table_area_start(b, "Cases discussed within policy by category");
    HTML_RAW(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
                "Cases discussed within policy by category, at each month's end</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Month</th>");
    for (size_t i = 0; i < v->ncategories; i++) {
        bool any = false;
        for (size_t k = 0; k < v->n; k++) any |= v->months[k].by_category[i].all > 0;
        if (any) html_f(b, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", v->categories[i]);
    }
    HTML_RAW(b, "</tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t k = 0; k < v->n; k++) {
        month_head(b, &v->months[k]);
        for (size_t i = 0; i < v->ncategories; i++) {
            bool any = false;
            for (size_t j = 0; j < v->n; j++) any |= v->months[j].by_category[i].all > 0;
            if (any) share_cell(b, &v->months[k].by_category[i]);
        }
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    static const char *const h2[] = {"Month",
                                     "Held",
                                     "Cancelled",
                                     "Cancelled by supervisor",
                                     "Cancelled by supervisee",
                                     "Cancelled by someone else or not recorded",
                                     "Entered late",
                                     NULL};
    table_start(b, "Sessions in each month", true, h2);
    for (size_t k = 0; k < v->n; k++) {
        const TrendMonth *m = &v->months[k];
        month_head(b, m);
        count_link(b, path, v->name, m->month, TL_HELD, m->held);
        count_link(b, path, v->name, m->month, TL_CANCELLED, m->cancelled);
        html_f(b,
               "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld</td>"
               "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld</td>"
               "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld</td>",
               m->cancelled_by_supervisor, m->cancelled_by_supervisee, m->cancelled_by_other + m->cancelled_unknown);
        count_link(b, path, v->name, m->month, TL_LATE, m->late);
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    static const char *const h3[] = {"Month",
                                     "Records not sent",
                                     "Records not signed",
                                     "Actions overdue",
                                     "Escalations raised",
                                     "Escalations resolved (average days)",
                                     "Disagreements raised",
                                     NULL};
    table_start(b, "Records, actions, escalations and disagreements", true, h3);
    for (size_t k = 0; k < v->n; k++) {
        const TrendMonth *m = &v->months[k];
        month_head(b, m);
        count_link(b, path, v->name, m->month, TL_UNSENT, m->unsent);
        count_link(b, path, v->name, m->month, TL_UNSIGNED, m->unsigned_);
        count_link(b, path, v->name, m->month, TL_ACTIONS_OVERDUE, m->actions_overdue);
        count_link(b, path, v->name, m->month, TL_ESCALATIONS, m->escalations);
        if (m->escalations_resolved)
            html_f(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld (%ld)</td>",
                   m->escalations_resolved, m->escalation_days / m->escalations_resolved);
        else
            HTML_RAW(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">0</td>");
        count_link(b, path, v->name, m->month, TL_DISAGREEMENTS, m->disagreements);
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    html_f(b, "<p class=\"govuk-body-s\">Each month as it stood at its last day (today for this month): within policy"
              " means not overdue then, by the same rules as today's lists. Teams, services, case workers, roles and"
              " agreements are taken as they are now.</p>");
}

static void trends_page(Req *r, TrendsScope scope)
{
    SvcActor a = web_actor(r);
    const char *from = http_query(r->rq, "from"), *to = http_query(r->rq, "to");
    Date first, last;
    SvcError e = {0};
    SvcResult rc = trends_period(from, to, a.today, &first, &last, &e);
    TrendsView v;
    SvcResult vr =
        view_trends(r->st, &a, scope, r->arg, rc == SVC_OK ? first : a.today, rc == SVC_OK ? last : a.today, &v);
    if (answered(r, vr, scope)) return;
    Buf *b = &r->rs->body;
    char title[200];
    strfmt(title, sizeof title, "%s%s: trends", rc == SVC_OK ? "" : "Error: ", v.title);
    page_start(r, title, scope == TRENDS_SERVICE ? "/services" : NULL);
    if (rc != SVC_OK) {
        r->rs->status = 400;
        web_error_summary(b, e.field, e.message);
    }
    html_f(b, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s: compliance over time</h1>",
           scope_word(scope), v.title);
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s%u\">Back to %s</a></p>", scope_path(scope),
           v.name, v.title);
    period_form(b, from, to, rc == SVC_OK ? NULL : &e);
    if (rc == SVC_OK) trends_tables(b, &v);
    view_trends_free(&v);
    page_end(r);
}

void page_service_trends(Req *r) { trends_page(r, TRENDS_SERVICE); }
void page_team_trends(Req *r) { trends_page(r, TRENDS_TEAM); }
void page_person_trends(Req *r) { trends_page(r, TRENDS_PERSON); }

/* The items of a list as a table: the page's and its download's. The
 * first cell says what each is and links to its page (a session has none). */
static void list_table(Table *t, const TrendsView *v, TrendList l)
{
    static const char *const heads[] = {"What", "Date", "Whose", "Detail", NULL};
    static const TableType types[] = {TABLE_TEXT, TABLE_DATE, TABLE_TEXT, TABLE_TEXT};
    table_init(t, trends_list_title(l), heads, types);
    for (size_t i = 0; i < v->nitems; i++) {
        const TrendItem *it = &v->items[i];
        char what[120], href[200];
        const char *prefix = strcmp(it->kind, "person") == 0       ? "/people/"
                             : strcmp(it->kind, "case") == 0       ? "/cases/"
                             : strcmp(it->kind, "record") == 0     ? "/records/"
                             : strcmp(it->kind, "action") == 0     ? "/actions/"
                             : strcmp(it->kind, "escalation") == 0 ? "/escalations/"
                                                                   : NULL;
        if (strcmp(it->kind, "person") == 0)
            strfmt(what, sizeof what, "%s", it->person_name);
        else
            strfmt(what, sizeof what, "%c%s %s", it->kind[0] - 'a' + 'A', it->kind + 1, it->id);
        table_text(t, what, prefix ? table_href(href, sizeof href, prefix, it->id) : NULL);
        Date d = 0;
        bool has = it->date[0] && date_parse(it->date, strlen(it->date), &d);
        table_date_or(t, has, d, "", NULL);
        table_text(t, it->person_name,
                   it->person_id[0] ? table_href(href, sizeof href, "/people/", it->person_id) : NULL);
        table_text(t, it->detail, NULL);
    }
}

static void list_page(Req *r, TrendsScope scope)
{
    SvcActor a = web_actor(r);
    const char *month = http_query(r->rq, "month"), *list = http_query(r->rq, "list");
    Date first, last;
    SvcError e = {0};
    TrendList l;
    SvcResult rc = trends_period(month, month, a.today, &first, &last, &e);
    if (rc == SVC_OK && (!month || !*month)) rc = svc_fail(&e, SVC_INVALID, "month", "month: give a month as YYYY-MM");
    if (rc != SVC_OK && strcmp(e.field, "month") != 0)
        strfmt(e.message, sizeof e.message, "month: give a month as YYYY-MM, this month or earlier");
    if (rc == SVC_OK && !trends_list_parse(list, &l))
        rc = svc_fail(&e, SVC_INVALID, "list", "list: not one of the lists behind the figures");
    TrendsView v;
    SvcResult vr =
        view_trends_list(r->st, &a, scope, r->arg, rc == SVC_OK ? first : a.today, rc == SVC_OK ? l : TL_HELD, &v);
    if (answered(r, vr, scope)) return;
    if (rc != SVC_OK) {
        view_trends_free(&v);
        return page_bad_request(r, e.message);
    }
    /* The people, cases and records behind a figure (and why sessions were
     * cancelled): their read is recorded, as a search's is. */
    char detail[300];
    strfmt(detail, sizeof detail, "%s %s: %s, %s",
           scope == TRENDS_SERVICE ? "service"
           : scope == TRENDS_TEAM  ? "team"
                                   : "person",
           v.name, trends_list_name(l), v.months[0].month);
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f == EXPORT_ANSWERED) return view_trends_free(&v);
    if (f != EXPORT_NONE && strcmp(table, "items") != 0) {
        export_unknown(r);
        return view_trends_free(&v);
    }
    if (!web_trail_read(r, "trends", 0, NULL, detail)) {
        view_trends_free(&v);
        return;
    }
    Table t;
    list_table(&t, &v, l);
    if (f != EXPORT_NONE) {
        char name[300];
        strfmt(name, sizeof name, "%s-%s-%s-%s",
               scope == TRENDS_SERVICE ? "service"
               : scope == TRENDS_TEAM  ? "team"
                                       : "person",
               v.name, trends_list_name(l), v.months[0].month);
        export_send(r, &t, f, name);
        table_free(&t);
        return view_trends_free(&v);
    }
    Buf *b = &r->rs->body;
    char title[300];
    strfmt(title, sizeof title, "%s: %s, %s", v.title, trends_list_title(l), v.months[0].month);
    page_start(r, title, scope == TRENDS_SERVICE ? "/services" : NULL);
    html_f(b, "<span class=\"govuk-caption-l\">%s %s, %s</span><h1 class=\"govuk-heading-l\">%s</h1>",
           scope_word(scope), v.title, v.months[0].month, trends_list_title(l));
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s%u/trends\">Back to the trends</a></p>",
           scope_path(scope), v.name);
    char count[COUNT_WORDS_CHARS];
    html_f(b, "<p class=\"govuk-body\" id=\"count\">%s.</p>", count_words((long)v.nitems, "item", "items", count));
    if (v.nitems) {
        char query[120];
        strfmt(query, sizeof query, "month=%s&list=%s", v.months[0].month, trends_list_name(l));
        table_html(b, &t, false, "items", query);
    }
    table_free(&t);
    view_trends_free(&v);
    page_end(r);
}

void page_service_trends_list(Req *r) { list_page(r, TRENDS_SERVICE); }
void page_team_trends_list(Req *r) { list_page(r, TRENDS_TEAM); }
void page_person_trends_list(Req *r) { list_page(r, TRENDS_PERSON); }
