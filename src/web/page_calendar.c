/* page_calendar.c: supervision in people's calendar programs. Each booking
 * page offers its session as an .ics file; each person may create a feed: a
 * secret address their calendar program subscribes to, listing the sessions
 * they supervise or attend. The address is shown once and stored only as a
 * hash, like a session token; creating a new one ends the old. The feed goes
 * to outside calendar services, so it carries when, where and with whom,
 * never the agenda or anything said. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format/ics.h"
#include "svc/booking.h"
#include "web/frame.h"
#include "web/routes.h"

#define FEED_DAYS_BACK 90 /* sessions older than this leave the feed */

static void event_of(const Booking *bk, IcsEvent *ev, char *summary, size_t n, char *url, size_t un, const char *base)
{
    strfmt(summary, n, "Supervision: %s with %s", bk->supervisee_name, bk->supervisor_name);
    strfmt(url, un, "%s/bookings/%lld", base, (long long)bk->ref);
    *ev = (IcsEvent){.uid = bk->uid,
                     .sequence = bk->sequence,
                     .date = bk->date,
                     .start_time = bk->start_time,
                     .minutes = bk->minutes,
                     .summary = summary,
                     .location = bk->place,
                     .description = "",
                     .url = base[0] ? url : NULL,
                     .cancelled = strcmp(bk->status, "cancelled") == 0,
                     .stamp = bk->changed_at};
}

/* "https://host" from the request, or "" when it has no usable Host. */
static void base_url(Req *r, char *out, size_t n)
{
    const char *host = http_header(r->rq, "Host");
    out[0] = 0;
    if (!host || !*host || strlen(host) > 200) return;
    for (const char *c = host; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr(".-:[]", *c)))
            return;
    strfmt(out, n, "%s://%s", r->app->secure_cookies ? "https" : "http", host);
}

static void send_calendar(Req *r, const char *name, const IcsEvent *ev, size_t n)
{
    char err[300];
    Buf cal = {0};
    if (ics_write(&cal, name, WEB_TIME_ZONE, ev, n, err, sizeof err) != 0) {
        fprintf(stderr, "oversight serve: calendar: %s\n", err);
        buf_free(&cal);
        return page_server_error(r);
    }
    r->rs->body.len = 0;
    buf_add(&r->rs->body, cal.data ? cal.data : "", cal.len);
    r->rs->content_type = "text/calendar; charset=utf-8";
    buf_free(&cal);
}

/* GET /bookings/{ref}/calendar.ics: the session, for its two. */
void page_booking_ics(Req *r)
{
    int64_t ref = web_ref(r->arg);
    Booking bk;
    SvcResult rc = ref ? booking_get(r->st, &r->v->viewer, ref, &bk) : SVC_NOT_FOUND;
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK || !booking_is_party(&bk, &r->v->viewer)) return page_not_found(r);
    char base[256], summary[600], url[300];
    base_url(r, base, sizeof base);
    IcsEvent ev;
    event_of(&bk, &ev, summary, sizeof summary, url, sizeof url, base);
    send_calendar(r, "Supervision", &ev, 1);
    http_add_header(r->rs, "Content-Disposition", "attachment; filename=\"supervision.ics\"");
}

/* GET /calendar/{token}.ics: a person's feed, for whoever holds the address. */
void page_calendar_feed(Req *r)
{
    size_t n = strlen(r->arg);
    char token[TOKEN_CHARS + 1], hash[65];
    if (n != TOKEN_CHARS + 4 || strcmp(r->arg + TOKEN_CHARS, ".ics") != 0) return page_not_found(r);
    memcpy(token, r->arg, TOKEN_CHARS);
    token[TOKEN_CHARS] = 0;
    account_token_hash(token, hash);
    int64_t staff = 0;
    Param p[] = {P_STR(hash)};
    int got = store_query_int(r->st, STMT_CALENDAR_FEED_FIND, p, 1, &staff);
    if (got < 0) return page_server_error(r);
    if (got == 0) return page_not_found(r);
    char since[11], base[256];
    date_format(web_today() - FEED_DAYS_BACK, since);
    base_url(r, base, sizeof base);
    Param q[] = {P_INT(staff), P_STR(since)};
    StoreRows *rows = store_query(r->st, STMT_BOOKING_FEED, q, 2);
    if (!rows) return page_server_error(r);
    Booking *bks = NULL;
    size_t nb = 0, cap = 0;
    while ((got = store_next(rows)) == 1 && nb < 2000) {
        xgrow((void **)&bks, &cap, nb + 1, sizeof *bks);
        booking_from_row(rows, &bks[nb++]);
    }
    store_rows_close(rows);
    if (got < 0) {
        free(bks);
        return page_server_error(r);
    }
    IcsEvent *ev = xcalloc(nb + 1, sizeof *ev);
    char (*summaries)[600] = xcalloc(nb + 1, sizeof *summaries);
    char (*urls)[300] = xcalloc(nb + 1, sizeof *urls);
    for (size_t i = 0; i < nb; i++) event_of(&bks[i], &ev[i], summaries[i], sizeof summaries[i], urls[i], sizeof urls[i], base);
    send_calendar(r, "Supervision", ev, nb);
    free(ev);
    free(summaries);
    free(urls);
    free(bks);
}

/* The account page's section: whether a feed exists, and a button to make one. */
void account_calendar_section(Req *r)
{
    if (!r->v->viewer.staff_ref) return;
    Buf *b = &r->rs->body;
    int64_t created = 0;
    Param p[] = {P_INT(r->v->viewer.staff_ref)};
    int got = store_query_int(r->st, STMT_CALENDAR_FEED_OF, p, 1, &created);
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"calendar\">Your calendar</h2><p class=\"govuk-body\">");
    if (got == 1) {
        char at[WEB_DATE_CHARS + 8];
        web_time(created, at);
        html_f(b, "Your calendar program has an address for your supervision sessions, made %s. Making a new one"
                  " stops the old one working.", at);
    } else {
        html_f(b, "Make a private address that your calendar program (Outlook, Google, Apple) subscribes to, so"
                  " your supervision sessions appear there and move when they move.");
    }
    HTML_RAW(b, "</p>");
    form_start(r, "/account/calendar");
    form_button(r, got == 1 ? "Make a new calendar address" : "Make a calendar address", true);
    form_end(r);
}

/* POST /account/calendar: a new feed address, shown once. */
void post_account_calendar(Req *r)
{
    if (!r->v->viewer.staff_ref) return page_refused(r, "a calendar feed");
    char token[TOKEN_CHARS + 1], hash[65];
    account_new_token(token);
    account_token_hash(token, hash);
    if (store_begin(r->st) != STORE_OK) return page_server_error(r);
    Param p[] = {P_INT(r->v->viewer.staff_ref), P_STR(hash), P_INT((int64_t)time(NULL))};
    bool ok = store_exec(r->st, STMT_CALENDAR_FEED_SET, p, 3, NULL) == STORE_OK && store_commit(r->st) == STORE_OK;
    store_rollback(r->st);
    if (!ok) return page_server_error(r);
    char base[256], url[400];
    base_url(r, base, sizeof base);
    strfmt(url, sizeof url, "%s/calendar/%s.ics", base, token);
    Buf *b = &r->rs->body;
    b->len = 0;
    page_start(r, "Your calendar address", "/account");
    html_f(b, "<h1 class=\"govuk-heading-l\">Your calendar address</h1>"
              "<p class=\"govuk-body\">Subscribe to this address in your calendar program. It is shown only now:"
              " keep it private, as anyone with it can see when and where your sessions are.</p>"
              "<div class=\"govuk-inset-text\"><code class=\"app-calendar-url\">%s</code></div>"
              "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/account\">Back to your account</a></p>",
           url);
    page_end(r);
}
