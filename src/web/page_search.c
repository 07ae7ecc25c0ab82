/* page_search.c: GET /search?q=: people, cases and records found for what
 * was typed, within what the visitor may read (svc/search.h), in three
 * groups, each thing linked to its page and saying how it was found. The
 * search box beside the menu of every signed-in page (html.c) sends here. */
#include <string.h>

#include "svc/search.h"
#include "web/page_lists.h"
#include "web/routes.h"

#define SEARCH_SHOWN 20

static const char *found_by(SearchMatch m)
{
    switch (m) {
    case SEARCH_BY_ID: return "Found by id";
    case SEARCH_BY_ID_START: return "Found by the start of the id";
    case SEARCH_BY_DATE: return "Found by date";
    case SEARCH_BY_NAME: return "Found by name";
    case SEARCH_BY_NAME_START: return "Found by the start of a name";
    }
    return "";
}

static const char *state_words(const char *state)
{
    return strcmp(state, "draft") == 0    ? "Draft, being written by the supervisor"
           : strcmp(state, "sent") == 0   ? "Sent to the supervisee to sign"
           : strcmp(state, "signed") == 0 ? "Signed by both"
                                          : "Disputed by the supervisee";
}

/* The search form: the box with what was typed, or its problem. */
static void search_form(Buf *b, const char *q, const SvcError *e)
{
    bool bad = e && e->message[0];
    if (bad) web_error_summary(b, "q", e->message);
    HTML_RAW(b, "<form method=\"get\" action=\"/search\" novalidate>");
    html_f(b, "<div class=\"govuk-form-group%s\">", bad ? " govuk-form-group--error" : "");
    HTML_RAW(
        b, "<h1 class=\"govuk-label-wrapper\"><label class=\"govuk-label govuk-label--l\" for=\"q\">Search</label></h1>"
           "<div id=\"q-hint\" class=\"govuk-hint\">A person's or child's name, a staff or case id, or the date"
           " of a supervision record, such as 4 March 2026</div>");
    if (bad)
        html_f(
            b,
            "<p id=\"q-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
            e->message);
    html_f(b,
           "<input class=\"govuk-input govuk-!-width-two-thirds%s\" id=\"q\" name=\"q\" type=\"search\""
           " spellcheck=\"false\" value=\"%s\" aria-describedby=\"%s\"></div>",
           bad ? " govuk-input--error" : "", q, bad ? "q-hint q-error" : "q-hint");
    HTML_RAW(b, "<button type=\"submit\" class=\"govuk-button\">Search</button></form>");
}

/* A group's heading with how many, and what to do when there were more. */
static bool group_start(Buf *b, const char *id, const char *title, size_t n, bool more, const char *none)
{
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"%s\">%s</h2>", id, title);
    if (!n) {
        html_f(b, "<p class=\"govuk-body\">%s</p>", none);
        return false;
    }
    char count[24];
    strfmt(count, sizeof count, "%zu", n);
    if (more)
        html_f(b,
               "<p class=\"govuk-body\">More were found: the best %s are shown. Type more of the name or id to"
               " find the one you want.</p>",
               count);
    HTML_RAW(b, "<ul class=\"govuk-list govuk-list--spaced\">");
    return true;
}

static void people(Req *r, const SearchResults *s, const char *query)
{
    Buf *b = &r->rs->body;
    if (!group_start(b, "people", "People", s->npeople, s->more_people, "No people found.")) return;
    for (size_t i = 0; i < s->npeople; i++) {
        const SearchPerson *p = &s->people[i];
        const Role *role = policy_role(r->app->pol, p->role, strlen(p->role));
        HTML_RAW(b, "<li>");
        link_person(b, p->id, p->name);
        html_f(b, " (%s)<br><span class=\"govuk-body-s\">%s%s%s. %s.</span></li>", p->id,
               role && role->label ? role->label : p->role, p->team[0] ? ", " : "", p->team, found_by(p->match));
    }
    HTML_RAW(b, "</ul>");
    export_links(b, "people", query);
}

static void cases(Req *r, const SearchResults *s, const char *query)
{
    Buf *b = &r->rs->body;
    if (!group_start(b, "cases", "Cases", s->ncases, s->more_cases, "No cases found.")) return;
    for (size_t i = 0; i < s->ncases; i++) {
        const SearchCase *c = &s->cases[i];
        const Category *cat = policy_category(r->app->pol, c->category, strlen(c->category));
        html_f(b, "<li><a class=\"govuk-link\" href=\"/cases/%u\">%s%s%s</a><br><span class=\"govuk-body-s\">%s, ",
               c->id, c->id, c->name[0] ? ": " : "", c->name, cat && cat->label ? cat->label : c->category);
        html_f(b, "allocated to %s", c->worker_name[0] ? c->worker_name : c->worker_id);
        if (c->closed_date[0]) {
            char d[WEB_DATE_CHARS];
            html_f(b, ", closed on %s", web_date_of(c->closed_date, d));
        }
        html_f(b, ". %s.</span></li>", found_by(c->match));
    }
    HTML_RAW(b, "</ul>");
    export_links(b, "cases", query);
}

static void records(Req *r, const SearchResults *s, const char *query)
{
    Buf *b = &r->rs->body;
    if (!group_start(b, "records", "Supervision records", s->nrecords, s->more_records, "No records found.")) return;
    for (size_t i = 0; i < s->nrecords; i++) {
        const SearchRecord *x = &s->records[i];
        char ref[24], d[WEB_DATE_CHARS];
        strfmt(ref, sizeof ref, "%lld", (long long)x->ref);
        html_f(b,
               "<li><a class=\"govuk-link\" href=\"/records/%s\">%s: %s's supervision with %s</a>"
               "<br><span class=\"govuk-body-s\">%s. %s.</span></li>",
               ref, web_date_of(x->date, d), x->supervisee_name, x->supervisor_name, state_words(x->state),
               found_by(x->match));
    }
    HTML_RAW(b, "</ul>");
    export_links(b, "records", query);
}

/* One group of what was found as a table, for its download: the same
 * things, in the same order, in the same words as the page's list. */
static bool found_table(Req *r, const SearchResults *s, const char *table, Table *t)
{
    if (strcmp(table, "people") == 0) {
        static const char *const heads[] = {"Name", "Id", "Role", "Team", "Found by", NULL};
        static const TableType types[] = {TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT};
        table_init(t, "People", heads, types);
        for (size_t i = 0; i < s->npeople; i++) {
            const SearchPerson *p = &s->people[i];
            const Role *role = policy_role(r->app->pol, p->role, strlen(p->role));
            table_text(t, p->name && *p->name ? p->name : p->id, NULL);
            table_text(t, p->id, NULL);
            table_text(t, role && role->label ? role->label : p->role, NULL);
            table_text(t, p->team, NULL);
            table_text(t, found_by(p->match), NULL);
        }
        return true;
    }
    if (strcmp(table, "cases") == 0) {
        static const char *const heads[] = {"Case", "Child", "Category", "Worker", "Closed", "Found by", NULL};
        static const TableType types[] = {TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_DATE, TABLE_TEXT};
        table_init(t, "Cases", heads, types);
        for (size_t i = 0; i < s->ncases; i++) {
            const SearchCase *c = &s->cases[i];
            const Category *cat = policy_category(r->app->pol, c->category, strlen(c->category));
            Date d;
            table_text(t, c->id, NULL);
            table_text(t, c->name, NULL);
            table_text(t, cat && cat->label ? cat->label : c->category, NULL);
            table_text(t, c->worker_name[0] ? c->worker_name : c->worker_id, NULL);
            table_date_or(t, c->closed_date[0] && date_parse(c->closed_date, strlen(c->closed_date), &d), d, "", NULL);
            table_text(t, found_by(c->match), NULL);
        }
        return true;
    }
    if (strcmp(table, "records") == 0) {
        static const char *const heads[] = {"Date", "Supervisee", "Supervisor", "State", "Found by", NULL};
        static const TableType types[] = {TABLE_DATE, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT};
        table_init(t, "Supervision records", heads, types);
        for (size_t i = 0; i < s->nrecords; i++) {
            const SearchRecord *x = &s->records[i];
            Date d;
            table_date_or(t, date_parse(x->date, strlen(x->date), &d), d, x->date, NULL);
            table_text(t, x->supervisee_name, NULL);
            table_text(t, x->supervisor_name, NULL);
            table_text(t, state_words(x->state), NULL);
            table_text(t, found_by(x->match), NULL);
        }
        return true;
    }
    return false;
}

bool trail_search(Req *r, const char *q, const SearchResults *s)
{
    Buf d = {0};
    search_describe(q, s, &d);
    bool ok = web_trail_read(r, "search", 0, NULL, buf_str(&d));
    buf_free(&d);
    return ok;
}

void page_search(Req *r)
{
    const char *q = http_query(r->rq, "q");
    Buf *b = &r->rs->body;
    SearchResults s;
    SvcError e = {0};
    SvcResult rc = search(r->st, &r->v->viewer, q, SEARCH_SHOWN, &s, &e);
    if (rc == SVC_FAILED) {
        search_free(&s);
        return page_server_error(r);
    }
    /* Arriving with nothing typed is not a mistake: the form, and no problem. */
    bool typed = q && q[strspn(q, " \t")];
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f == EXPORT_ANSWERED) return search_free(&s);
    if (f != EXPORT_NONE && rc != SVC_OK) {
        page_bad_request(r, e.message[0] ? e.message : "Say what to search for (q=).");
        return search_free(&s);
    }
    if (rc == SVC_OK && !trail_search(r, q, &s)) return search_free(&s);
    if (f != EXPORT_NONE) {
        Table t;
        if (found_table(r, &s, table, &t)) {
            char name[40];
            strfmt(name, sizeof name, "search-%s", table);
            export_send(r, &t, f, name);
            table_free(&t);
        } else {
            export_unknown(r);
        }
        return search_free(&s);
    }
    if (rc == SVC_INVALID && typed) r->rs->status = 400;
    char title[160];
    strfmt(title, sizeof title, "%s%s%s", rc == SVC_INVALID && typed ? "Error: " : "",
           rc == SVC_OK ? "Search: " : "Search", rc == SVC_OK ? q : "");
    page_start(r, title, NULL);
    search_form(b, q ? q : "", rc == SVC_INVALID && typed ? &e : NULL);
    if (rc == SVC_OK) {
        if (!s.npeople && !s.ncases && !s.nrecords)
            html_f(b,
                   "<p class=\"govuk-body\" role=\"status\">Nothing you may see matches &ldquo;%s&rdquo;. Check the"
                   " spelling, try the start of a name, or search for an id or a date.</p>",
                   q);
        else
            html_f(b, "<p class=\"govuk-body\" role=\"status\">Found for &ldquo;%s&rdquo;:</p>", q);
        /* Each group's download repeats the search. */
        char query[1100];
        table_href(query, sizeof query, "q=", q);
        people(r, &s, query);
        cases(r, &s, query);
        records(r, &s, query);
    }
    search_free(&s);
    page_end(r);
}
