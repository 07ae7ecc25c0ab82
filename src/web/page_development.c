/* page_development.c: development recorded in supervision
 * (svc/development.h): a person's, with its PDF for registration renewal,
 * and a team's latest needs and training. */
#include <string.h>

#include "svc/development.h"
#include "web/page_lists.h"
#include "web/routes.h"

/* The period asked for in ?from= and ?to= (YYYY-MM-DD): by default the
 * twelve months to today. false, with why naming the field, when either
 * is not a date. */
static bool period(Req *r, Date *from, Date *to, char why[160])
{
    const char *f = http_query(r->rq, "from"), *t = http_query(r->rq, "to");
    *to = web_today();
    if (t && (strlen(t) != 10 || !date_parse(t, 10, to))) {
        strfmt(why, 160, "The end of the period (to) must be a date as YYYY-MM-DD");
        return false;
    }
    *from = date_add_months(*to, -12) + 1;
    if (f && (strlen(f) != 10 || !date_parse(f, 10, from))) {
        strfmt(why, 160, "The start of the period (from) must be a date as YYYY-MM-DD");
        return false;
    }
    return true;
}

/* The collection asked for, allowed and its read recorded: true; otherwise
 * the request is answered (400, 403, 500, 503) and d holds nothing. */
static bool load(Req *r, Development *d)
{
    char why[160];
    Date from, to;
    if (!period(r, &from, &to, why)) {
        page_bad_request(r, why);
        return false;
    }
    SvcActor a = web_actor(r);
    SvcError e = {0};
    SvcResult rc = development_of(r->st, &a, r->arg, from, to, d, &e);
    if (rc == SVC_INVALID) {
        page_bad_request(r, e.message);
        return false;
    }
    if (rc == SVC_NOT_FOUND || rc == SVC_REFUSED) {
        char what[160];
        strfmt(what, sizeof what, "the development of \"%s\"", r->arg);
        page_refused(r, what);
        return false;
    }
    if (rc != SVC_OK) {
        page_server_error(r);
        return false;
    }
    if (!web_trail_read(r, "person", d->ref, r->v->viewer.staff_ref == d->ref ? "self" : NULL, "development")) {
        development_free(d);
        return false;
    }
    return true;
}

void page_development(Req *r)
{
    Development d;
    if (!load(r, &d)) return;
    Buf *b = &r->rs->body;
    bool self = r->v->viewer.staff_ref == d.ref;
    char title[400], from[11], to[11], wf[WEB_DATE_CHARS], wt[WEB_DATE_CHARS];
    strfmt(title, sizeof title, "Development: %s", d.name);
    date_format(d.from, from);
    date_format(d.to, to);
    page_start(r, title, self ? "/" : NULL);
    html_f(b,
           "<h1 class=\"govuk-heading-l\"><span class=\"govuk-caption-l\">%s</span>Development recorded in"
           " supervision</h1>",
           d.name);
    web_date(d.from, wf);
    web_date(d.to, wt);
    html_f(b,
           "<p class=\"govuk-body\">What the supervision records sent from %s to %s say under development"
           " needs, training, the newly qualified year and professional registration evidence.</p>",
           wf, wt);
    html_f(b,
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people/%u/development.pdf?from=%s&amp;to=%s\""
           " download>Download as PDF</a> (for renewing registration: evidence of learning and reflection)</p>",
           d.id, from, to);
    if (d.more)
        html_f(b,
               "<p class=\"govuk-body\">The period holds more than %d records: the earliest are left out."
               " Choose a shorter period.</p>",
               DEVELOPMENT_RECORDS_MAX);
    if (!d.n) html_f(b, "<p class=\"govuk-body\">Nothing was recorded under development in this period.</p>");
    for (size_t i = 0; i < d.n; i++) {
        const DevelopmentItem *x = &d.items[i];
        if (i == 0 || x->record_ref != d.items[i - 1].record_ref) {
            char when[WEB_DATE_CHARS];
            web_date_text(x->date, when);
            if (i) HTML_RAW(b, "</dl>");
            html_f(b,
                   "<h2 class=\"govuk-heading-m\"><a class=\"govuk-link\" href=\"/records/%ld?version=%ld\">"
                   "Supervision on %s</a></h2><dl class=\"govuk-summary-list\">",
                   (long)x->record_ref, (long)x->version, when);
        }
        html_f(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
               "<dd class=\"govuk-summary-list__value app-text\">%s</dd></div>",
               x->label, x->hidden ? "Confidential between the supervisor and the supervisee." : x->text);
        if (i + 1 == d.n) HTML_RAW(b, "</dl>");
    }
    /* The twelve months before and after, as links: a GET, so bookmarkable. */
    char pf[11], pt[11];
    date_format(date_add_months(d.from, -12), pf);
    date_format(d.from - 1, pt);
    html_f(b,
           "<nav class=\"govuk-!-margin-top-6\" aria-label=\"Periods\"><ul class=\"govuk-list\"><li><a"
           " class=\"govuk-link\" href=\"/people/%u/development?from=%s&amp;to=%s\">The twelve months before</a>"
           "</li>",
           d.id, pf, pt);
    if (d.to < web_today()) {
        char nf[11], nt[11];
        date_format(d.to + 1, nf);
        date_format(date_add_months(d.to, 12), nt);
        html_f(b,
               "<li><a class=\"govuk-link\" href=\"/people/%u/development?from=%s&amp;to=%s\">The twelve months"
               " after</a></li>",
               d.id, nf, nt);
    }
    HTML_RAW(b, "</ul></nav>");
    development_free(&d);
    page_end(r);
}

void page_development_pdf(Req *r)
{
    Development d;
    if (!load(r, &d)) return;
    Buf pdf = {0};
    SvcError e = {0};
    if (!development_pdf(&d, web_actor(r).now, &pdf, &e)) {
        buf_free(&pdf);
        development_free(&d);
        return page_server_error(r);
    }
    char name[160], to[11];
    date_format(d.to, to);
    strfmt(name, sizeof name, "development-%s-%s.pdf", d.id, to);
    http_attachment(r->rs, "application/pdf", name, pdf.data, pdf.len);
    buf_free(&pdf);
    development_free(&d);
}

void page_team_development(Req *r)
{
    SvcActor a = web_actor(r);
    TeamDevelopment t;
    SvcResult rc = development_of_team(r->st, &a, r->arg, &t);
    if (rc == SVC_NOT_FOUND || rc == SVC_REFUSED) {
        char what[160];
        strfmt(what, sizeof what, "team \"%s\"", r->arg);
        return page_refused(r, what);
    }
    if (rc != SVC_OK) return page_server_error(r);
    for (size_t i = 0; i < t.n; i++)
        if (t.rows[i].record_ref && !web_trail_read(r, "record", t.rows[i].record_ref, NULL, "development")) {
            team_development_free(&t);
            return;
        }
    Buf *b = &r->rs->body;
    char title[400];
    strfmt(title, sizeof title, "Development: %s", t.name);
    page_start(r, title, NULL);
    html_f(b,
           "<h1 class=\"govuk-heading-l\"><span class=\"govuk-caption-l\">%s</span>Development needs and"
           " training</h1><p class=\"govuk-body\">From each person's latest supervision record sent.</p>",
           t.name);
    static const char *const heads[] = {"Person", "Record", "Development needs", "Training", NULL};
    table_start(b, "Development needs and training by person", false, heads);
    for (size_t i = 0; i < t.n; i++) {
        const TeamDevelopmentRow *row = &t.rows[i];
        html_f(b,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\""
               " href=\"/people/%u/development\">%s</a></td>",
               row->id, row->name);
        if (!row->record_ref) {
            HTML_RAW(b, "<td class=\"govuk-table__cell\" colspan=\"3\">No record sent yet</td></tr>");
            continue;
        }
        char when[WEB_DATE_CHARS];
        web_date_text(row->date, when);
        html_f(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/records/%ld\">%s</a></td>",
               (long)row->record_ref, when);
        const char *conf = "Confidential between the supervisor and the supervisee.";
        table_cell(b, row->needs_hidden ? conf : row->needs[0] ? row->needs : "Nothing recorded");
        table_cell(b, row->training_hidden ? conf : row->training[0] ? row->training : "Nothing recorded");
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    team_development_free(&t);
    page_end(r);
}
