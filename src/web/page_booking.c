/* page_booking.c: the pages where supervision is arranged: the sessions
 * hub and a booking with its agenda. What anyone may see or do is decided
 * by the services (svc/booking.h, svc/record.h); these pages only turn forms
 * into calls and answers into HTML. */
#include <stdlib.h>
#include <string.h>

#include "svc/booking.h"
#include "svc/concern.h"
#include "svc/record.h"
#include "web/frame.h"
#include "web/routes.h"

/* ---- the hub: /supervision ---- */

static void booking_form(Req *r, const SvcError *e)
{
    Buf *b = &r->rs->body;
    SvcActor a = web_actor(r);
    BookableList whom;
    if (booking_whom(r->st, &a, &whom) != SVC_OK || !whom.n) return bookable_list_free(&whom);
    HtmlLink *who = xcalloc(whom.n, sizeof *who);
    char(*refs)[24] = xcalloc(whom.n, sizeof *refs), (*names)[340] = xcalloc(whom.n, sizeof *names);
    for (size_t i = 0; i < whom.n; i++) {
        const Bookable *p = &whom.items[i];
        strfmt(refs[i], sizeof refs[i], "%lld", (long long)p->ref);
        if (p->self)
            strfmt(names[i], sizeof names[i], "My own supervision");
        else
            strfmt(names[i], sizeof names[i], "%s (%s)", p->name, p->id);
        who[i] = (HtmlLink){names[i], refs[i]};
    }
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"book\">Book a session</h2>");
    form_start(r, "/bookings");
    form_select(r, "supervisee", "Whose supervision", NULL, who, whom.n, "", e);
    form_date(r, "date", "Date", NULL, "", e);
    form_input(r, "start-time", "Start time", "24-hour clock, for example 09:30", "", "govuk-input--width-5", e);
    form_input(r, "minutes", "Length in minutes", "Leave empty for the length in the agreement or the policy", "",
               "govuk-input--width-4", e);
    form_input(r, "place", "Place", "A private room where you will not be interrupted", "", "govuk-!-width-two-thirds",
               e);
    form_button(r, "Book the session", false);
    form_end(r);
    free(who);
    free(refs);
    free(names);
    bookable_list_free(&whom);
}

static void upcoming(Req *r)
{
    Buf *b = &r->rs->body;
    BookingList l;
    if (bookings_upcoming(r->st, &r->v->viewer, &l) != SVC_OK) return;
    html_f(b, "<h2 class=\"govuk-heading-m\">Booked sessions</h2>");
    if (l.n) html_table_area_start(b, "Booked sessions");
    if (l.n)
        HTML_RAW(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
                    "Booked sessions</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                    "<th scope=\"col\" class=\"govuk-table__header\">When</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Supervisee</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Supervisor</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Place</th></tr></thead>"
                    "<tbody class=\"govuk-table__body\">");
    else
        html_f(b, "<p class=\"govuk-body\">No sessions are booked.</p>");
    for (size_t i = 0; i < l.n; i++) {
        const Booking *bk = &l.items[i];
        char d[WEB_DATE_CHARS], ref[24];
        strfmt(ref, sizeof ref, "%lld", (long long)bk->ref);
        html_f(
            b,
            "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/bookings/%u\">"
            "%s at %s</a></td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
            "<td class=\"govuk-table__cell\">%s</td></tr>",
            ref, web_date_of(bk->date, d), bk->start_time, bk->supervisee_name, bk->supervisor_name, bk->place);
    }
    if (l.n) HTML_RAW(b, "</tbody></table>");
    if (l.n) html_table_area_end(b);
    booking_list_free(&l);
}

static void waiting_records(Req *r)
{
    Buf *b = &r->rs->body;
    RecordWaitingList l;
    if (records_waiting(r->st, &r->v->viewer, &l) != SVC_OK) return;
    html_f(b, "<h2 class=\"govuk-heading-m\">Records waiting for you</h2>");
    if (l.n)
        HTML_RAW(b, "<ul class=\"govuk-list govuk-list--bullet\">");
    else
        html_f(b, "<p class=\"govuk-body\">Nothing is waiting for you.</p>");
    for (size_t i = 0; i < l.n; i++) {
        const RecordWaiting *w = &l.items[i];
        char d[WEB_DATE_CHARS], ref[24];
        strfmt(ref, sizeof ref, "%lld", (long long)w->ref);
        const char *what = w->what == WAITING_TO_SIGN   ? "to read and sign"
                           : w->what == WAITING_TO_SEND ? "to finish and send"
                                                        : "disagreed with by the supervisee";
        html_f(b, "<li><a class=\"govuk-link\" href=\"/records/%u\">Supervision of %s on %s</a>: %s</li>", ref,
               w->supervisee_name, web_date_of(w->date, d), what);
    }
    if (l.n) HTML_RAW(b, "</ul>");
    records_waiting_free(&l);
}

static void open_actions(Req *r, int64_t supervisee, const char *heading)
{
    Buf *b = &r->rs->body;
    ActionList l;
    if (actions_of(r->st, &r->v->viewer, supervisee, true, &l) != SVC_OK) return;
    html_f(b, "<h2 class=\"govuk-heading-m\">%s</h2>", heading);
    if (!l.n) html_f(b, "<p class=\"govuk-body\">No open actions.</p>");
    Date today = web_today();
    for (size_t i = 0; i < l.n; i++) {
        const Action *x = &l.items[i];
        Date due;
        bool late = date_parse(x->due, strlen(x->due), &due) && due < today;
        if (!i) HTML_RAW(b, "<ul class=\"govuk-list govuk-list--bullet\">");
        char d[WEB_DATE_CHARS];
        html_f(b, "<li><a class=\"govuk-link\" href=\"/actions/%ld\">%s</a> (%s, by %s): %s", (long)x->ref, x->text,
               x->owner_name, web_date_of(x->due, d), action_state_words(x));
        if (late) HTML_RAW(b, " <strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
        HTML_RAW(b, "</li>");
    }
    if (l.n) HTML_RAW(b, "</ul>");
    action_list_free(&l);
}

static void hub(Req *r, const SvcError *e, const char *warning)
{
    Buf *b = &r->rs->body;
    page_start(r, e && e->message[0] ? "Error: Sessions" : "Sessions", "/supervision");
    form_problem(r, e);
    if (warning && *warning)
        html_f(
            b,
            "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
            "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>%s</strong></div>",
            warning);
    html_f(b, "<h1 class=\"govuk-heading-l\">Sessions</h1>");
    if (!r->v->viewer.staff_ref) {
        html_f(b, "<p class=\"govuk-body\">Your account is not linked to a staff record.</p>");
        return page_end(r);
    }
    html_f(
        b,
        "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people/%u/agreement\">Your supervision agreement</a>"
        " &middot; <a class=\"govuk-link\" href=\"/escalations\">Escalations</a>"
        " &middot; <a class=\"govuk-link\" href=\"/discussions/new\">Record an informal case discussion</a>"
        " &middot; <a class=\"govuk-link\" href=\"/group-sessions/new\">Record a group session</a></p>",
        r->v->staff_id);
    waiting_records(r);
    upcoming(r);
    open_actions(r, r->v->viewer.staff_ref, "Your open actions");
    booking_form(r, e);
    page_end(r);
}

void page_sessions(Req *r) { hub(r, NULL, NULL); }

void post_booking(Req *r)
{
    SvcActor a = web_actor(r);
    char day[11];
    SvcError bad = {0};
    BookingInput in = {.supervisee_ref = web_ref(http_form(r->rq, "supervisee")),
                       .date = form_date_read(r, "date", "Date", "the date the session is booked for", day, &bad),
                       .start_time = http_form(r->rq, "start-time"),
                       .minutes = http_form(r->rq, "minutes"),
                       .place = http_form(r->rq, "place")};
    if (!in.date) {
        web_svc_refusal(r, SVC_INVALID, "booking a session");
        return hub(r, &bad, NULL);
    }
    char place[SVC_LINE_MAX * 4 + 1];
    strfmt(place, sizeof place, "%s", in.place ? in.place : "");
    in.place = svc_trim(place);
    int64_t ref = 0;
    char warning[300] = "";
    SvcError e = {0};
    SvcResult rc = booking_add(r->st, &a, &in, &ref, warning, sizeof warning, &e);
    if (web_svc_refusal(r, rc, "booking a session")) return;
    if (rc != SVC_OK) return hub(r, &e, NULL);
    char to[96];
    strfmt(to, sizeof to, "/bookings/%lld%s", (long long)ref, warning[0] ? "?after-due=1" : "");
    http_redirect(r->rs, to);
}

/* ---- one booking and its agenda: /bookings/{ref} ---- */

static void proposed_cases(Req *r, const BookingView *view)
{
    Buf *b = &r->rs->body;
    html_f(b, "<h3 class=\"govuk-heading-s\">Cases due for discussion (proposed, highest risk first)</h3>");
    if (!view->nproposals)
        html_f(b, "<p class=\"govuk-body\">No case is due or overdue for discussion.</p>");
    else
        HTML_RAW(b, "<ul class=\"govuk-list govuk-list--bullet\">");
    for (size_t i = 0; i < view->nproposals; i++) {
        const AgendaProposal *p = &view->proposals[i];
        char d[WEB_DATE_CHARS];
        web_date(p->due, d);
        html_f(b, "<li><a class=\"govuk-link\" href=\"/cases/%u\">%s</a> ", p->case_id, p->case_id);
        web_status_tag(b, p->status);
        html_f(b, " due by %s; rule: %s</li>", d, p->rule);
    }
    if (view->nproposals) HTML_RAW(b, "</ul>");
}

static void agenda_section(Req *r, const BookingView *view, const SvcError *e)
{
    Buf *b = &r->rs->body;
    const Booking *bk = &view->booking;
    bool supervisor = r->v->viewer.staff_ref == bk->supervisor_ref;
    char ref[24], action[64];
    strfmt(ref, sizeof ref, "%lld", (long long)bk->ref);
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"agenda\">Agenda</h2>");
    const Agenda *ag = &view->agenda;
    static const char *const kind_label[][2] = {{"worry", "Worry"},
                                                {"topic", "Item"},
                                                {"case", "Case"},
                                                {"sample", "Case drawn at random"}};
    if (!ag->n)
        html_f(b, "<p class=\"govuk-body\">Nothing has been added yet.</p>");
    else
        HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    for (size_t i = 0; i < ag->n; i++) {
        const AgendaItem *it = &ag->items[i];
        const char *label = it->kind;
        for (size_t k = 0; k < 4; k++)
            if (strcmp(kind_label[k][0], it->kind) == 0) label = kind_label[k][1];
        html_f(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
               "<dd class=\"govuk-summary-list__value\">",
               label);
        if (it->case_id[0]) html_f(b, "<a class=\"govuk-link\" href=\"/cases/%u\">%s</a> ", it->case_id, it->case_id);
        if (it->hidden)
            html_f(b, "<em>Confidential between the supervisor and the supervisee.</em>");
        else
            html_f(b, "<span class=\"app-prose\">%s</span>", it->text);
        html_f(b, "<br><span class=\"govuk-body-s\">Added by %s", it->author_name);
        if (it->confidential_supervisor && it->confidential_supervisee)
            html_f(b, "; confidential (both agreed)");
        else if (it->confidential_supervisor || it->confidential_supervisee)
            html_f(b, "; confidential when both agree (marked by %s)",
                   it->confidential_supervisor ? "the supervisor" : "the supervisee");
        HTML_RAW(b, "</span></dd>");
        /* Once both marked it, neither lifts it alone (svc/booking.h): no button. */
        if (view->may_change && !(it->confidential_supervisor && it->confidential_supervisee)) {
            bool mine = supervisor ? it->confidential_supervisor : it->confidential_supervisee;
            char item[24], act[64];
            strfmt(item, sizeof item, "%lld", (long long)it->ref);
            strfmt(act, sizeof act, "/agenda/%s/confidential", item);
            HTML_RAW(b, "<dd class=\"govuk-summary-list__actions\">");
            form_start(r, act);
            html_f(b, "<input type=\"hidden\" name=\"on\" value=\"%s\">", mine ? "no" : "yes");
            html_f(b,
                   "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\">%s"
                   "<span class=\"govuk-visually-hidden\"> item %s</span></button>",
                   mine ? "Not confidential" : "Mark confidential", item);
            form_end(r);
            HTML_RAW(b, "</dd>");
        }
        HTML_RAW(b, "</div>");
    }
    if (ag->n) HTML_RAW(b, "</dl>");
    open_actions(r, bk->supervisee_ref, "Open actions (carried from earlier sessions)");
    proposed_cases(r, view);
    ConcernList cl;
    if (concerns_open_of_worker(r->st, &r->v->viewer, bk->supervisee_ref, &cl) == SVC_OK && cl.n) {
        html_f(
            b,
            "<h3 class=\"govuk-heading-s\">Incidents and allegations still open</h3><ul class=\"govuk-list govuk-list--bullet\">");
        for (size_t i = 0; i < cl.n; i++) {
            char d[WEB_DATE_CHARS];
            html_f(b, "<li><a class=\"govuk-link\" href=\"/cases/%u#concerns\">%s</a>: %s of %s: %s</li>",
                   cl.items[i].case_id, cl.items[i].case_id, cl.items[i].kind, web_date_of(cl.items[i].raised_date, d),
                   cl.items[i].text);
        }
        HTML_RAW(b, "</ul>");
    }
    concern_list_free(&cl);
    if (!view->may_change) return;
    html_f(b, "<h3 class=\"govuk-heading-s\" id=\"add-item\">Add to the agenda</h3>");
    strfmt(action, sizeof action, "/bookings/%s/agenda", ref);
    form_start(r, action);
    HtmlLink kinds[3];
    size_t nk = 0;
    if (!supervisor) kinds[nk++] = (HtmlLink){"Something I am worried about (discussed first)", "worry"};
    kinds[nk++] = (HtmlLink){"An item to discuss", "topic"};
    kinds[nk++] = (HtmlLink){"A case to discuss", "case"};
    form_select(r, "kind", "What kind of item", NULL, kinds, nk, supervisor ? "topic" : "worry", e);
    /* The case is chosen, not typed: the proposed (due) ones come first. */
    HtmlLink *cases = xcalloc(view->nopen_cases + 2, sizeof *cases);
    size_t nc = 0;
    cases[nc++] = (HtmlLink){"Not about a case", ""};
    for (size_t i = 0; i < view->nopen_cases; i++) cases[nc++] = (HtmlLink){view->open_cases[i], view->open_cases[i]};
    form_select(r, "case", "Case", "Only for a case: the supervisee's open cases, those due first", cases, nc, "", e);
    free(cases);
    form_textarea(r, "text", "What to discuss", NULL, "", 3, e);
    HTML_RAW(b, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\">");
    form_checkbox(r, "confidential", "Confidential (kept between the two of you once both mark it)", false);
    HTML_RAW(b, "</div></div>");
    form_button(r, "Add to the agenda", false);
    form_end(r);
    if (view->may_sample) {
        strfmt(action, sizeof action, "/bookings/%s/sample", ref);
        html_f(b, "<h3 class=\"govuk-heading-s\" id=\"sample\">Draw a sample of other cases</h3>");
        form_start(r, action);
        form_input(r, "count", "How many cases", "From 1 to 10, drawn at random from the supervisee's other open cases",
                   "2", "govuk-input--width-2", e);
        form_button(r, "Draw cases", true);
        form_end(r);
    }
}

static void booking_page(Req *r, int64_t ref, const SvcError *e)
{
    SvcActor a = web_actor(r);
    BookingView view;
    SvcResult rc = booking_view(r->st, &a, ref, &view);
    if (web_svc_refusal(r, rc, "a booking")) return;
    const Booking *bk = &view.booking;
    Buf *b = &r->rs->body;
    char title[400], d[WEB_DATE_CHARS], refs[24], action[64], len[32];
    strfmt(refs, sizeof refs, "%lld", (long long)ref);
    strfmt(title, sizeof title, "%sSupervision: %s", e && e->message[0] ? "Error: " : "", bk->supervisee_name);
    page_start(r, title, "/supervision");
    form_problem(r, e);
    if (http_query(r->rq, "after-due"))
        html_f(
            b,
            "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
            "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
            "This session is after the date %s's supervision is due.</strong></div>",
            bk->supervisee_name);
    html_f(b, "<span class=\"govuk-caption-l\">Supervision session</span><h1 class=\"govuk-heading-l\">%s with %s</h1>",
           bk->supervisee_name, bk->supervisor_name);
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    char when[80];
    strfmt(when, sizeof when, "%s at %s", web_date_of(bk->date, d), bk->start_time);
    web_summary_row(b, "When", when);
    strfmt(len, sizeof len, "%d minutes", bk->minutes);
    web_summary_row(b, "Length", len);
    web_summary_row(b, "Place", bk->place);
    web_summary_row(b, "Status",
                    strcmp(bk->status, "booked") == 0 ? "Booked"
                    : strcmp(bk->status, "held") == 0 ? "Held"
                                                      : "Cancelled");
    HTML_RAW(b, "</dl>");
    if (view.party)
        html_f(
            b,
            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/bookings/%u/calendar.ics\">Add to your calendar (.ics)</a></p>",
            refs);
    if (bk->record_ref) {
        char rr[24];
        strfmt(rr, sizeof rr, "%lld", (long long)bk->record_ref);
        html_f(
            b,
            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/records/%u\">The record of this session</a></p>",
            rr);
    }
    /* What happened to the booking. */
    html_f(b, "<h2 class=\"govuk-heading-m\">History</h2><ul class=\"govuk-list\">");
    for (size_t i = 0; i < view.nevents; i++) {
        const BookingEvent *ev = &view.events[i];
        char at[WEB_DATE_CHARS + 8];
        web_time(ev->at, at);
        html_f(b, "<li>%s: %s by %s", at, ev->kind, ev->by_name);
        if (strcmp(ev->kind, "moved") == 0) {
            char od[WEB_DATE_CHARS];
            html_f(b, " (was %s at %s)", web_date_of(ev->old_date, od), ev->old_start_time);
        }
        if (*ev->reason) html_f(b, ": %s", ev->reason);
        HTML_RAW(b, "</li>");
    }
    HTML_RAW(b, "</ul>");
    agenda_section(r, &view, e);
    if (view.may_change) {
        if (view.may_start_record) {
            html_f(b, "<h2 class=\"govuk-heading-m\">The session</h2>");
            strfmt(action, sizeof action, "/bookings/%s/record", refs);
            form_start(r, action);
            form_button(r, "The session was held: write the record", false);
            form_end(r);
        }
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"move\">Move the session</h2>");
        strfmt(action, sizeof action, "/bookings/%s/move", refs);
        form_start(r, action);
        form_date(r, "date", "Date", NULL, bk->date, e);
        form_input(r, "start-time", "Start time", NULL, bk->start_time, "govuk-input--width-5", e);
        char mins[16];
        strfmt(mins, sizeof mins, "%d", bk->minutes);
        form_input(r, "minutes", "Length in minutes", NULL, mins, "govuk-input--width-4", e);
        form_input(r, "place", "Place", NULL, bk->place, "govuk-!-width-two-thirds", e);
        form_input(r, "reason", "Why it moves (optional)", NULL, "", "govuk-!-width-two-thirds", e);
        form_button(r, "Move the session", true);
        form_end(r);
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"cancel\">Cancel the session</h2>");
        strfmt(action, sizeof action, "/bookings/%s/cancel", refs);
        form_start(r, action);
        form_input(r, "cancel-reason", "Why it is cancelled", "Cancellations are kept and reported", "",
                   "govuk-!-width-two-thirds", e);
        html_f(b, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">"
                  "Cancel the session</button>");
        form_end(r);
    }
    booking_view_free(&view);
    page_end(r);
}

void page_booking(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    booking_page(r, ref, NULL);
}

/* Turns a service's answer to a booking form into the response. */
static void booking_answer(Req *r, int64_t ref, SvcResult rc, const SvcError *e, const char *then)
{
    if (web_svc_refusal(r, rc, "changing a booking")) return;
    if (rc != SVC_OK) return booking_page(r, ref, e);
    char to[96];
    strfmt(to, sizeof to, "/bookings/%lld%s", (long long)ref, then ? then : "");
    http_redirect(r->rs, to);
}

void post_booking_move(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    char day[11];
    SvcError e = {0};
    BookingInput in = {.date = form_date_read(r, "date", "Date", "the date the session moves to", day, &e),
                       .start_time = http_form(r->rq, "start-time"),
                       .minutes = http_form(r->rq, "minutes"),
                       .place = http_form(r->rq, "place")};
    if (!in.date) return booking_answer(r, ref, SVC_INVALID, &e, NULL);
    char warning[300] = "";
    SvcResult rc = booking_move(r->st, &a, ref, &in, http_form(r->rq, "reason"), warning, sizeof warning, &e);
    booking_answer(r, ref, rc, &e, warning[0] ? "?after-due=1" : NULL);
}

void post_booking_cancel(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    SvcResult rc = booking_cancel(r->st, &a, ref, http_form(r->rq, "cancel-reason"), &e);
    if (e.field[0] && strcmp(e.field, "reason") == 0) strfmt(e.field, sizeof e.field, "cancel-reason");
    booking_answer(r, ref, rc, &e, NULL);
}

void post_agenda_add(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *kind = http_form(r->rq, "kind");
    SvcResult rc = agenda_add(r->st, &a, ref, kind ? kind : "", http_form(r->rq, "text"), http_form(r->rq, "case"),
                              http_form(r->rq, "confidential") != NULL, &e);
    booking_answer(r, ref, rc, &e, "#agenda");
}

void post_agenda_sample(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *count = http_form(r->rq, "count");
    char *end = NULL;
    long n = count ? strtol(count, &end, 10) : 0;
    if (!count || !*count || *end) n = 0;
    int added = 0;
    SvcResult rc = agenda_sample(r->st, &a, ref, (int)n, &added, &e);
    booking_answer(r, ref, rc, &e, "#agenda");
}

void post_agenda_confidential(Req *r)
{
    int64_t item = web_ref(r->arg);
    if (!item) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *on = http_form(r->rq, "on");
    SvcResult rc = agenda_confidential(r->st, &a, item, on && strcmp(on, "yes") == 0, &e);
    if (web_svc_refusal(r, rc, "an agenda item")) return;
    if (rc != SVC_OK) return page_bad_request(r, e.message);
    int64_t booking = 0;
    if (web_svc_refusal(r, agenda_item_booking(r->st, &r->v->viewer, item, &booking), "an agenda item")) return;
    char to[64];
    strfmt(to, sizeof to, "/bookings/%lld#agenda", (long long)booking);
    http_redirect(r->rs, to);
}

void post_record_start(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    int64_t record = 0;
    SvcResult rc = record_start(r->st, &a, ref, &record, &e);
    if (web_svc_refusal(r, rc, "writing a record")) return;
    if (rc != SVC_OK) return booking_page(r, ref, &e);
    char to[64];
    strfmt(to, sizeof to, "/records/%lld", (long long)record);
    http_redirect(r->rs, to);
}
