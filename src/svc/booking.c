/* booking.c: the decisions of booking.h. */
#include "svc/booking.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "svc/due.h"
#include "svc/inbox.h"
#include "svc/staff.h"

void booking_new_uid(char out[BOOKING_UID_MAX + 1])
{
    unsigned char raw[16];
    char hex[33];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    strfmt(out, BOOKING_UID_MAX + 1, "%s@oversight", hex);
}

void session_new_id(char out[40])
{
    unsigned char raw[12];
    char hex[25];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    strfmt(out, 40, "ov-%s", hex);
}

void booking_from_row(StoreRows *r, Booking *b)
{
    memset(b, 0, sizeof *b);
    b->ref = store_col_int(r, BK_REF);
    svc_col_copy(r, BK_UID, b->uid, sizeof b->uid);
    b->supervisor_ref = store_col_int(r, BK_SUPERVISOR_REF);
    svc_col_copy(r, BK_SUPERVISOR_ID, b->supervisor_id, sizeof b->supervisor_id);
    svc_col_copy(r, BK_SUPERVISOR_NAME, b->supervisor_name, sizeof b->supervisor_name);
    b->supervisee_ref = store_col_int(r, BK_SUPERVISEE_REF);
    svc_col_copy(r, BK_SUPERVISEE_ID, b->supervisee_id, sizeof b->supervisee_id);
    svc_col_copy(r, BK_SUPERVISEE_NAME, b->supervisee_name, sizeof b->supervisee_name);
    svc_col_copy(r, BK_DATE, b->date, sizeof b->date);
    svc_col_copy(r, BK_TIME, b->start_time, sizeof b->start_time);
    b->minutes = (int)store_col_int(r, BK_MINUTES);
    svc_col_copy(r, BK_PLACE, b->place, sizeof b->place);
    svc_col_copy(r, BK_STATUS, b->status, sizeof b->status);
    b->sequence = (int)store_col_int(r, BK_SEQUENCE);
    b->created_at = store_col_int(r, BK_CREATED_AT);
    b->record_ref = store_col_null(r, BK_RECORD_REF) ? 0 : store_col_int(r, BK_RECORD_REF);
    b->changed_at = store_col_null(r, BK_CHANGED_AT) ? b->created_at : store_col_int(r, BK_CHANGED_AT);
}

/* Whether the viewer is the booking's supervisor or supervisee: who may
 * change it, see its confidential items and have it in their calendar. */
static bool is_party(const Booking *b, const Viewer *v)
{
    return access_write_party(v, b->supervisor_ref, b->supervisee_ref);
}

/* The booking, whoever asks (callers decide who may). 1 found, 0 none, <0. */
static int load(Store *st, int64_t ref, Booking *out)
{
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, STMT_BOOKING_GET, p, 1);
    if (!r) return STORE_ERROR;
    int got = store_next(r);
    if (got == 1) booking_from_row(r, out);
    store_rows_close(r);
    return got;
}

SvcResult booking_get(Store *st, const Viewer *v, int64_t ref, Booking *out)
{
    int got = load(st, ref, out);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_NOT_FOUND;
    if (is_party(out, v)) return SVC_OK;
    Access acc = access_person(st, v, out->supervisee_ref);
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    return acc == ACCESS_ALLOWED ? SVC_OK : SVC_NOT_FOUND;
}

/* "HH:MM", 00:00 to 23:59. */
static bool time_valid(const char *s)
{
    return s && strlen(s) == 5 && s[2] == ':' && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
           s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' && (s[0] < '2' || s[1] <= '3');
}

/* Validates the when and where; *minutes gets the length. */
static SvcResult check_input(Store *st, const SvcActor *a, const BookingInput *in, const Staff *see, int *minutes,
                             SvcError *e)
{
    Date d;
    if (!in->date || !*in->date) return svc_fail(e, SVC_INVALID, "date", "Enter the date of the session");
    if (!date_parse(in->date, strlen(in->date), &d))
        return svc_fail(e, SVC_INVALID, "date", "The date must be a real date, like 2026-12-01");
    if (d < a->today - 366 || d > a->today + 2 * 366)
        return svc_fail(e, SVC_INVALID, "date", "The date must be within a year before or two years after today");
    if (!in->start_time || !*in->start_time)
        return svc_fail(e, SVC_INVALID, "start-time", "Enter the time the session starts");
    if (!time_valid(in->start_time))
        return svc_fail(e, SVC_INVALID, "start-time", "The start time must be a 24-hour time, like 09:30");
    if (in->minutes && *in->minutes) {
        char *end;
        long m = strtol(in->minutes, &end, 10);
        if (*end || m < 15 || m > 480)
            return svc_fail(e, SVC_INVALID, "minutes", "The length must be a number of minutes from 15 to 480");
        *minutes = (int)m;
    } else {
        int rc = svc_session_minutes(st, a->pol, see, minutes);
        if (rc != SVC_OK) return rc;
    }
    SvcResult rc = svc_text(e, "place", "the place", in->place, SVC_LINE_MAX, true);
    return rc;
}

/* A warning when date is after the supervisee's due date. */
static SvcResult due_warning(Store *st, const SvcActor *a, const Staff *see, const char *date, char *warning,
                             size_t warnlen)
{
    if (warning) warning[0] = '\0';
    DueFilter f = {.asof = a->today, .worker = see->id};
    DueList l;
    char err[256];
    int rc = due_compute(st, a->pol, &f, &l, err, sizeof err);
    if (rc == 3) return SVC_FAILED;
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        if (l.rows[i].kind != DUE_KIND_STAFF) continue;
        char due[11];
        date_format(l.rows[i].r.due, due);
        if (strcmp(date, due) > 0 && warning)
            strfmt(warning, warnlen, "This session is after the date %s's supervision is due (%s).", see->name, due);
    }
    due_list_free(&l);
    return SVC_OK;
}

static bool event(Store *st, int64_t booking, const SvcActor *a, const char *kind, const char *old_date,
                  const char *old_time, const char *reason)
{
    Param p[] = {P_INT(booking),
                 P_INT(a->now),
                 P_INT(a->viewer->staff_ref),
                 P_STR(kind),
                 old_date ? P_STR(old_date) : P_NULL,
                 old_time ? P_STR(old_time) : P_NULL,
                 P_STR(reason ? reason : "")};
    return store_exec(st, STMT_BOOKING_EVENT_ADD, p, 7, NULL) == STORE_OK;
}

/* How many days after date d a booking or move entered today is. */
static int64_t late_days(const SvcActor *a, Date d) { return a->today > d ? a->today - d : 0; }

SvcResult booking_add(Store *st, const SvcActor *a, const BookingInput *in, int64_t *ref, char *warning, size_t warnlen,
                      SvcError *e)
{
    Staff see;
    int got = staff_load(st, in->supervisee_ref, &see);
    if (got < 0) return SVC_FAILED;
    /* Only the person or their supervisor books: to anyone else the person
     * is answered as one that does not exist. */
    Access acc = got == 1 ? access_write_own(st, a->viewer, see.ref) : ACCESS_REFUSED;
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    if (acc != ACCESS_ALLOWED) return svc_fail(e, SVC_NOT_FOUND, "", "There is no such person");
    int64_t me = a->viewer->staff_ref;
    if (!see.supervisor_ref)
        return svc_fail(e, SVC_CONFLICT, "", "%s has no supervisor in the staff records", see.name);
    int minutes = 0;
    SvcResult rc = check_input(st, a, in, &see, &minutes, e);
    if (rc != SVC_OK) return rc;
    Date d;
    date_parse(in->date, strlen(in->date), &d);
    if (d < see.start) return svc_fail(e, SVC_INVALID, "date", "%s starts in this role after that date", see.name);
    if (see.has_left && strcmp(in->date, see.left_date) > 0)
        return svc_fail(e, SVC_INVALID, "date", "%s leaves on %s, before that date", see.name, see.left_date);
    if (due_warning(st, a, &see, in->date, warning, warnlen) != SVC_OK) return SVC_FAILED;
    char uid[BOOKING_UID_MAX + 1];
    booking_new_uid(uid);
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    /* Booked after its date: a late entry, kept with the session it becomes. */
    Param p[] = {P_STR(uid),     P_INT(see.supervisor_ref), P_INT(see.ref), P_STR(in->date), P_STR(in->start_time),
                 P_INT(minutes), P_STR(in->place),          P_INT(me),      P_INT(a->now),   P_INT(late_days(a, d))};
    bool ok = store_query_int(st, STMT_BOOKING_ADD, p, 10, ref) == 1 && event(st, *ref, a, "booked", NULL, NULL, "") &&
              store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok ? SVC_OK : SVC_FAILED;
}

/* Begins a change to a booking by one of its two, while it is booked: the
 * transaction first, then the booking read inside it (svc_finish), so a
 * booking cancelled or held a moment ago is a conflict. On SVC_OK the
 * transaction is open and *b holds the booking; otherwise it is rolled
 * back. */
static SvcResult begin_change(Store *st, const SvcActor *a, int64_t ref, Booking *b, SvcError *e)
{
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    SvcResult rc = booking_get(st, a->viewer, ref, b);
    if (rc == SVC_OK && !is_party(b, a->viewer)) rc = SVC_NOT_FOUND; /* not theirs: as if not there */
    if (rc == SVC_NOT_FOUND)
        rc = svc_fail(e, rc, "", "There is no such booking");
    else if (rc == SVC_OK && strcmp(b->status, "booked") != 0)
        rc = svc_fail(e, SVC_CONFLICT, "",
                      "This session was %s meanwhile, so it can no longer be changed. Nothing was changed: read the"
                      " booking as it is now.",
                      b->status);
    if (rc != SVC_OK) store_rollback(st);
    return rc;
}

SvcResult booking_move(Store *st, const SvcActor *a, int64_t ref, const BookingInput *in, const char *reason,
                       char *warning, size_t warnlen, SvcError *e)
{
    Booking b;
    SvcResult rc = begin_change(st, a, ref, &b, e);
    if (rc != SVC_OK) return rc;
    Staff see;
    if (staff_load(st, b.supervisee_ref, &see) != 1) return svc_finish(st, SVC_FAILED, false);
    int minutes = b.minutes;
    BookingInput with_length = *in;
    char m[16];
    if (!in->minutes || !*in->minutes) {
        strfmt(m, sizeof m, "%d", b.minutes);
        with_length.minutes = m;
    }
    rc = check_input(st, a, &with_length, &see, &minutes, e);
    if (rc == SVC_OK) rc = svc_text(e, "reason", "the reason", reason, SVC_LINE_MAX, false);
    if (rc == SVC_OK) rc = due_warning(st, a, &see, in->date, warning, warnlen);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    Date d;
    date_parse(in->date, strlen(in->date), &d);
    Param p[] = {P_INT(ref),     P_STR(in->date),  P_STR(in->start_time),
                 P_INT(minutes), P_STR(in->place), P_INT(late_days(a, d))};
    int64_t changed = 0;
    bool ok = store_exec(st, STMT_BOOKING_MOVE, p, 6, &changed) == STORE_OK && changed == 1 &&
              event(st, ref, a, "moved", b.date, b.start_time, reason);
    return svc_finish(st, SVC_OK, ok);
}

SvcResult booking_cancel(Store *st, const SvcActor *a, int64_t ref, const char *reason, SvcError *e)
{
    Booking b;
    SvcResult rc = begin_change(st, a, ref, &b, e);
    if (rc != SVC_OK) return rc;
    rc = svc_text(e, "reason", "why the session is cancelled", reason, SVC_LINE_MAX, true);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    /* The history keeps a cancelled session, as an import of one would. */
    char id[40];
    session_new_id(id);
    int64_t session = 0, changed = 0;
    Param s[] = {P_STR(id), P_STR(b.date), P_INT(b.supervisor_ref), P_STR("individual"), P_STR("cancelled")};
    bool ok = store_query_int(st, STMT_SVC_SESSION_ADD, s, 5, &session) == 1;
    if (ok) {
        Param at[] = {P_INT(session), P_INT(b.supervisee_ref), P_STR(b.date), P_INT(0)};
        Param u[] = {P_INT(ref), P_STR("cancelled"), P_INT(session)};
        ok = store_exec(st, STMT_SVC_ATTENDEE_ADD, at, 4, NULL) == STORE_OK &&
             store_exec(st, STMT_BOOKING_SET_STATUS, u, 3, &changed) == STORE_OK && changed == 1 &&
             event(st, ref, a, "cancelled", NULL, NULL, reason);
    }
    if (ok) {
        /* The other party hears of it. */
        int64_t other = a->viewer->staff_ref == b.supervisor_ref ? b.supervisee_ref : b.supervisor_ref;
        char text[400], link[64];
        strfmt(text, sizeof text, "Supervision on %s at %s was cancelled: %s", b.date, b.start_time, reason);
        strfmt(link, sizeof link, "/bookings/%lld", (long long)ref);
        ok = svc_inbox(st, other, a->now, text, link);
    }
    return svc_finish(st, SVC_OK, ok);
}

/* ---- the agenda ---- */

/* The checks of agenda_add on booking b; *case_ref for a case. */
static SvcResult check_item(Store *st, const SvcActor *a, const Booking *b, const char *kind, const char *text,
                            const char *case_id, int64_t *case_ref, SvcError *e)
{
    bool supervisee = a->viewer->staff_ref == b->supervisee_ref;
    if (strcmp(kind, "worry") == 0) {
        if (!supervisee) return svc_fail(e, SVC_REFUSED, "kind", "Only the supervisee can add a worry");
        return svc_text(e, "text", "what you are worried about", text, SVC_TEXT_MAX, true);
    }
    if (strcmp(kind, "topic") == 0) return svc_text(e, "text", "the item", text, SVC_TEXT_MAX, true);
    if (strcmp(kind, "case") != 0) return svc_fail(e, SVC_INVALID, "kind", "Choose what kind of item this is");
    if (!case_id || !*case_id) return svc_fail(e, SVC_INVALID, "case", "Enter the case's id");
    char today[11];
    date_format(a->today, today);
    Param c[] = {P_STR(case_id), P_INT(b->supervisee_ref), P_STR(today)};
    int got = store_query_int(st, STMT_CASE_OF_WORKER, c, 3, case_ref);
    if (got < 0) return SVC_FAILED;
    if (got == 0)
        return svc_fail(e, SVC_INVALID, "case", "%s holds no open case with the id \"%.64s\"", b->supervisee_name,
                        case_id);
    Param h[] = {P_INT(b->ref), P_INT(*case_ref)};
    int64_t already = 0;
    if (store_query_int(st, STMT_AGENDA_HAS_CASE, h, 2, &already) < 0) return SVC_FAILED;
    if (already) return svc_fail(e, SVC_INVALID, "case", "Case %.64s is already on the agenda", case_id);
    return svc_text(e, "text", "the note", text, SVC_TEXT_MAX, false);
}

SvcResult agenda_add(Store *st, const SvcActor *a, int64_t booking_ref, const char *kind, const char *text,
                     const char *case_id, bool confidential, SvcError *e)
{
    Booking b;
    SvcResult rc = begin_change(st, a, booking_ref, &b, e);
    if (rc != SVC_OK) return rc;
    bool supervisee = a->viewer->staff_ref == b.supervisee_ref;
    int64_t case_ref = 0, item = 0;
    rc = check_item(st, a, &b, kind, text, case_id, &case_ref, e);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    Param p[] = {P_INT(booking_ref),
                 P_INT(a->viewer->staff_ref),
                 P_STR(kind),
                 P_STR(text ? text : ""),
                 case_ref ? P_INT(case_ref) : P_NULL,
                 P_INT(confidential && !supervisee),
                 P_INT(confidential && supervisee),
                 P_INT(a->now)};
    return svc_finish(st, SVC_OK, store_query_int(st, STMT_AGENDA_ADD, p, 8, &item) == 1);
}

SvcResult agenda_sample(Store *st, const SvcActor *a, int64_t booking_ref, int count, int *added, SvcError *e)
{
    *added = 0;
    Booking b;
    SvcResult rc = begin_change(st, a, booking_ref, &b, e);
    if (rc != SVC_OK) return rc;
    if (a->viewer->staff_ref != b.supervisor_ref)
        return svc_finish(st, svc_fail(e, SVC_REFUSED, "", "Only the supervisor draws a sample of cases"), false);
    if (count < 1 || count > 10)
        return svc_finish(st, svc_fail(e, SVC_INVALID, "count", "Draw from 1 to 10 cases"), false);
    char today[11];
    date_format(a->today, today);
    Param p[] = {P_INT(b.supervisee_ref), P_STR(today), P_INT(booking_ref)};
    StoreRows *r = store_query(st, STMT_AGENDA_SAMPLE_POOL, p, 3);
    int64_t *pool = NULL;
    size_t n = 0, cap = 0;
    int got = r ? 0 : STORE_ERROR;
    while (r && (got = store_next(r)) == 1) {
        xgrow((void **)&pool, &cap, n + 1, sizeof *pool);
        pool[n++] = store_col_int(r, 0);
    }
    if (r) store_rows_close(r);
    bool ok = got == 0;
    /* A partial Fisher-Yates shuffle: the first count are the sample. */
    for (size_t i = 0; ok && i < n && (int)i < count; i++) {
        size_t j = i + randombytes_uniform((uint32_t)(n - i));
        int64_t t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        Param it[] = {P_INT(booking_ref), P_INT(a->viewer->staff_ref),
                      P_STR("sample"),    P_STR(""),
                      P_INT(pool[i]),     P_INT(0),
                      P_INT(0),           P_INT(a->now)};
        int64_t item;
        ok = store_query_int(st, STMT_AGENDA_ADD, it, 8, &item) == 1;
        if (ok) (*added)++;
    }
    free(pool);
    rc = svc_finish(st, SVC_OK, ok);
    if (rc != SVC_OK) *added = 0;
    return rc;
}

SvcResult agenda_confidential(Store *st, const SvcActor *a, int64_t item_ref, bool on, SvcError *e)
{
    int64_t booking_ref = 0;
    Param p[] = {P_INT(item_ref)};
    int got = store_query_int(st, STMT_AGENDA_ITEM_BOOKING, p, 1, &booking_ref);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return svc_fail(e, SVC_NOT_FOUND, "", "There is no such agenda item");
    Booking b;
    SvcResult rc = begin_change(st, a, booking_ref, &b, e);
    if (rc != SVC_OK) return rc;
    /* Once both marked it, neither side lifts it alone: it stays out of
     * everyone else's sight, as a record's confidential items do. */
    int64_t both = 0;
    if (!on && store_query_int(st, STMT_AGENDA_ITEM_BOTH_MARKED, p, 1, &both) < 0) return svc_finish(st, SVC_OK, false);
    if (both)
        return svc_finish(st,
                          svc_fail(e, SVC_CONFLICT, "",
                                   "You both marked this item confidential, so it stays confidential: neither of you"
                                   " can lift it alone"),
                          true);
    StmtId which = a->viewer->staff_ref == b.supervisor_ref ? STMT_AGENDA_CONFIDENTIAL_SUPERVISOR
                                                            : STMT_AGENDA_CONFIDENTIAL_SUPERVISEE;
    Param u[] = {P_INT(item_ref), P_INT(on)};
    return svc_finish(st, SVC_OK, store_exec(st, which, u, 2, NULL) == STORE_OK);
}

SvcResult agenda_item_booking(Store *st, const Viewer *v, int64_t item_ref, int64_t *booking_ref)
{
    *booking_ref = 0;
    Param p[] = {P_INT(item_ref)};
    int got = store_query_int(st, STMT_AGENDA_ITEM_BOOKING, p, 1, booking_ref);
    if (got < 0) return SVC_FAILED;
    Booking b;
    SvcResult rc = got == 1 ? booking_get(st, v, *booking_ref, &b) : SVC_NOT_FOUND;
    if (rc != SVC_OK) *booking_ref = 0;
    return rc;
}

SvcResult agenda_items(Store *st, const Viewer *v, const Booking *b, Agenda *out)
{
    memset(out, 0, sizeof *out);
    bool party = is_party(b, v);
    Param p[] = {P_INT(b->ref)};
    StoreRows *r = store_query(st, STMT_AGENDA_ITEMS, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        AgendaItem *it = &out->items[out->n++];
        memset(it, 0, sizeof *it);
        it->ref = store_col_int(r, 0);
        svc_col_copy(r, 1, it->kind, sizeof it->kind);
        it->confidential_supervisor = store_col_int(r, 7) != 0;
        it->confidential_supervisee = store_col_int(r, 8) != 0;
        it->hidden = it->confidential_supervisor && it->confidential_supervisee && !party;
        size_t n;
        const char *text = store_col_text(r, 2, &n);
        it->text = it->hidden ? "" : arena_strndup(&out->strings, text, n);
        svc_col_copy(r, 3, it->case_id, sizeof it->case_id);
        svc_col_copy(r, 4, it->category, sizeof it->category);
        svc_col_copy(r, 5, it->author_id, sizeof it->author_id);
        svc_col_copy(r, 6, it->author_name, sizeof it->author_name);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void agenda_free(Agenda *ag)
{
    free(ag->items);
    arena_free(&ag->strings);
    memset(ag, 0, sizeof *ag);
}

/* ---- what the pages show ---- */

SvcResult bookings_upcoming(Store *st, const Viewer *v, BookingList *out)
{
    memset(out, 0, sizeof *out);
    if (!v->staff_ref) return SVC_OK;
    Param p[] = {P_INT(v->staff_ref)};
    StoreRows *r = store_query(st, STMT_BOOKING_UPCOMING, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        booking_from_row(r, &out->items[out->n++]);
    }
    store_rows_close(r);
    if (got < 0) booking_list_free(out);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void booking_list_free(BookingList *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

SvcResult booking_whom(Store *st, const SvcActor *a, BookableList *out)
{
    memset(out, 0, sizeof *out);
    if (!a->viewer->staff_ref) return SVC_OK;
    Staff me;
    int got = staff_load(st, a->viewer->staff_ref, &me);
    if (got < 0) return SVC_FAILED;
    if (got == 1 && me.supervisor_ref) {
        xgrow((void **)&out->items, &out->cap, 1, sizeof *out->items);
        out->items[out->n++] = (Bookable){.ref = me.ref, .self = true};
        strfmt(out->items[0].id, sizeof out->items[0].id, "%s", me.id);
        strfmt(out->items[0].name, sizeof out->items[0].name, "%s", me.name);
    }
    char today[11];
    date_format(a->today, today);
    Param p[] = {P_INT(a->viewer->staff_ref), P_STR(today)};
    StoreRows *r = store_query(st, STMT_SUPERVISEES_OF, p, 2);
    if (!r) {
        bookable_list_free(out);
        return SVC_FAILED;
    }
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        Bookable *b = &out->items[out->n++];
        memset(b, 0, sizeof *b);
        b->ref = store_col_int(r, 0);
        svc_col_copy(r, 1, b->id, sizeof b->id);
        svc_col_copy(r, 2, b->name, sizeof b->name);
    }
    store_rows_close(r);
    if (got < 0) bookable_list_free(out);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void bookable_list_free(BookableList *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

static SvcResult load_events(Store *st, BookingView *out)
{
    Param p[] = {P_INT(out->booking.ref)};
    StoreRows *r = store_query(st, STMT_BOOKING_EVENTS, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    size_t cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->events, &cap, out->nevents + 1, sizeof *out->events);
        BookingEvent *ev = &out->events[out->nevents++];
        memset(ev, 0, sizeof *ev);
        ev->at = store_col_int(r, 0);
        svc_col_copy(r, 2, ev->by_name, sizeof ev->by_name);
        svc_col_copy(r, 3, ev->kind, sizeof ev->kind);
        svc_col_copy(r, 4, ev->old_date, sizeof ev->old_date);
        svc_col_copy(r, 5, ev->old_start_time, sizeof ev->old_start_time);
        ev->reason = svc_col_dup(&out->strings, r, 6);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

/* Highest risk first: overdue before due soon; then categories discussed
 * at every session, then those with the shortest interval of their own. */
static int risk_of(const Policy *pol, DueStatus status, const char *category)
{
    const Category *c = policy_category(pol, category, strlen(category));
    int days = !c ? 400 : c->every_session ? 0 : c->has_every ? interval_add(0, c->every) : 366;
    return (status == STATUS_OVERDUE ? 0 : 1000) + days;
}

typedef struct {
    AgendaProposal p;
    int risk; /* smaller first */
} Ranked;

static int by_risk(const void *pa, const void *pb)
{
    const Ranked *a = pa, *b = pb;
    if (a->risk != b->risk) return a->risk < b->risk ? -1 : 1;
    return a->p.due < b->p.due ? -1 : a->p.due > b->p.due;
}

/* The supervisee's cases due or overdue for discussion today. */
static SvcResult load_proposals(Store *st, const SvcActor *a, BookingView *out)
{
    DueFilter f = {.asof = a->today, .worker = out->booking.supervisee_id};
    DueList l;
    char err[256];
    int rc = due_compute(st, a->pol, &f, &l, err, sizeof err);
    if (rc == 3) return SVC_FAILED;
    if (rc != 0) return SVC_OK; /* data the policy does not define: nothing to propose */
    Ranked *ranked = xcalloc(l.n + 1, sizeof *ranked);
    size_t n = 0;
    bool ok = true;
    out->open_cases = xcalloc(l.n + 1, sizeof *out->open_cases);
    for (size_t i = 0; i < l.n; i++)
        if (l.rows[i].kind == DUE_KIND_CASE)
            strfmt(out->open_cases[out->nopen_cases++], sizeof out->open_cases[0], "%s", l.rows[i].id);
    for (size_t i = 0; ok && i < l.n; i++) {
        const DueRow *row = &l.rows[i];
        if (row->kind != DUE_KIND_CASE || row->r.status == STATUS_OK) continue;
        char category[65] = "";
        Param c[] = {P_STR(row->id)};
        StoreRows *q = store_query(st, STMT_CASE_BY_ID, c, 1);
        ok = q != NULL;
        if (q && store_next(q) == 1) svc_col_copy(q, 1, category, sizeof category);
        if (q) store_rows_close(q);
        Ranked *x = &ranked[n++];
        strfmt(x->p.case_id, sizeof x->p.case_id, "%s", row->id);
        x->p.status = row->r.status;
        x->p.due = row->r.due;
        strfmt(x->p.rule, sizeof x->p.rule, "%s", row->r.rule);
        x->risk = risk_of(a->pol, row->r.status, category);
    }
    due_list_free(&l);
    qsort(ranked, n, sizeof *ranked, by_risk);
    out->proposals = xcalloc(n + 1, sizeof *out->proposals);
    for (size_t i = 0; i < n; i++) out->proposals[i] = ranked[i].p;
    out->nproposals = n;
    free(ranked);
    return ok ? SVC_OK : SVC_FAILED;
}

SvcResult booking_view(Store *st, const SvcActor *a, int64_t ref, BookingView *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = booking_get(st, a->viewer, ref, &out->booking);
    if (rc != SVC_OK) return rc;
    const Booking *b = &out->booking;
    bool booked = strcmp(b->status, "booked") == 0, supervisor = a->viewer->staff_ref == b->supervisor_ref;
    Date day;
    out->party = is_party(b, a->viewer);
    out->may_change = out->party && booked;
    out->may_sample = out->may_change && supervisor;
    out->may_start_record =
        out->may_change && supervisor && date_parse(b->date, strlen(b->date), &day) && day <= a->today;
    rc = load_events(st, out);
    if (rc == SVC_OK) rc = agenda_items(st, a->viewer, b, &out->agenda);
    if (rc == SVC_OK) rc = load_proposals(st, a, out);
    if (rc != SVC_OK) booking_view_free(out);
    return rc;
}

void booking_view_free(BookingView *v)
{
    free(v->events);
    agenda_free(&v->agenda);
    free(v->proposals);
    free(v->open_cases);
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}
