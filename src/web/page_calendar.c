/* page_calendar.c: supervision in people's calendar programs (who may
 * have what: svc/calendar.h). Each booking page offers its session as an
 * .ics file; the account page makes a feed's address, shown once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "format/ics.h"
#include "svc/calendar.h"
#include "web/frame.h"
#include "web/routes.h"

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

/* The application's public address (web_set_public_url), never the
 * request's Host header, which whoever sends the request chooses. */
static void base_url(Req *r, char *out, size_t n) { strfmt(out, n, "%s", r->app->public_url); }

/* The calendar as the whole answer: ics_write is its one writer. */
static void send_calendar(Req *r, const char *name, const IcsEvent *ev, size_t n)
{
    char err[300];
    web_answer_afresh(r);
    if (ics_write(&r->rs->body, name, WEB_TIME_ZONE, ev, n, err, sizeof err) != 0) {
        log_event(r->rq->client, "calendar: %s", err);
        return page_server_error(r);
    }
    r->rs->content_type = "text/calendar; charset=utf-8";
}

/* GET /bookings/{ref}/calendar.ics: the session, for its two. */
void page_booking_ics(Req *r)
{
    int64_t ref = web_ref(r->arg);
    Booking bk;
    SvcResult rc = ref ? calendar_booking(r->st, &r->v->viewer, ref, &bk) : SVC_NOT_FOUND;
    if (web_svc_refusal(r, rc, "a calendar")) return;
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
    char token[TOKEN_CHARS + 1];
    if (n != TOKEN_CHARS + 4 || strcmp(r->arg + TOKEN_CHARS, ".ics") != 0) return page_not_found(r);
    memcpy(token, r->arg, TOKEN_CHARS);
    token[TOKEN_CHARS] = 0;
    BookingList l;
    if (web_svc_refusal(r, calendar_feed(r->st, token, web_today(), &l), "a calendar")) return;
    char base[256];
    base_url(r, base, sizeof base);
    IcsEvent *ev = xcalloc(l.n + 1, sizeof *ev);
    char(*summaries)[600] = xcalloc(l.n + 1, sizeof *summaries);
    char(*urls)[300] = xcalloc(l.n + 1, sizeof *urls);
    for (size_t i = 0; i < l.n; i++)
        event_of(&l.items[i], &ev[i], summaries[i], sizeof summaries[i], urls[i], sizeof urls[i], base);
    send_calendar(r, "Supervision", ev, l.n);
    free(ev);
    free(summaries);
    free(urls);
    booking_list_free(&l);
}

/* The account page's section: whether a feed exists, and a button to make one. */
void account_calendar_section(Req *r)
{
    if (!r->v->viewer.staff_ref) return;
    Buf *b = &r->rs->body;
    int64_t made = 0;
    if (calendar_feed_made(r->st, &r->v->viewer, &made) != SVC_OK) return;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"calendar\">Your calendar</h2><p class=\"govuk-body\">");
    if (made) {
        char at[WEB_DATE_CHARS + 8];
        web_time(made, at);
        html_f(b,
               "Your calendar program has an address for your supervision sessions, made %s. Making a new one"
               " stops the old one working.",
               at);
    } else {
        html_f(b, "Make a private address that your calendar program (Outlook, Google, Apple) subscribes to, so"
                  " your supervision sessions appear there and move when they move.");
    }
    HTML_RAW(b, "</p>");
    form_start(r, "/account/calendar");
    form_button(r, made ? "Make a new calendar address" : "Make a calendar address", true);
    form_end(r);
}

/* POST /account/calendar: a new feed address, shown once. */
void post_account_calendar(Req *r)
{
    SvcActor a = web_actor(r);
    char token[TOKEN_CHARS + 1];
    SvcResult rc = calendar_feed_new(r->st, &a, token);
    if (web_svc_refusal(r, rc, "a calendar feed")) return;
    char base[256], url[400];
    base_url(r, base, sizeof base);
    strfmt(url, sizeof url, "%s/calendar/%s.ics", base, token);
    Buf *b = &r->rs->body;
    page_start(r, "Your calendar address", "/account");
    html_f(b,
           "<h1 class=\"govuk-heading-l\">Your calendar address</h1>"
           "<p class=\"govuk-body\">Subscribe to this address in your calendar program. It is shown only now:"
           " keep it private, as anyone with it can see when and where your sessions are.</p>"
           "<div class=\"govuk-inset-text\"><code class=\"app-calendar-url\">%s</code></div>"
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/account\">Back to your account</a></p>",
           url);
    page_end(r);
}
