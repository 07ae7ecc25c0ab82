/* calendar.c: the decisions of calendar.h. */
#include "svc/calendar.h"

#include <stdio.h>
#include <string.h>

SvcResult calendar_booking(Store *st, const Viewer *v, int64_t ref, Booking *out)
{
    SvcResult rc = booking_get(st, v, ref, out);
    if (rc != SVC_OK) return rc;
    bool party = v->staff_ref && (v->staff_ref == out->supervisor_ref || v->staff_ref == out->supervisee_ref);
    return party ? SVC_OK : SVC_NOT_FOUND;
}

SvcResult calendar_feed(Store *st, const char *token, Date today, BookingList *out)
{
    memset(out, 0, sizeof *out);
    if (!token || strlen(token) != TOKEN_CHARS) return SVC_NOT_FOUND;
    char hash[65], since[11];
    account_token_hash(token, hash);
    int64_t staff = 0;
    Param p[] = {P_STR(hash)};
    int got = store_query_int(st, STMT_CALENDAR_FEED_FIND, p, 1, &staff);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_NOT_FOUND;
    date_format(today - CALENDAR_DAYS_BACK, since);
    Param q[] = {P_INT(staff), P_STR(since)};
    StoreRows *r = store_query(st, STMT_BOOKING_FEED, q, 2);
    if (!r) return SVC_FAILED;
    while (out->n < CALENDAR_MAX && (got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        booking_from_row(r, &out->items[out->n++]);
    }
    store_rows_close(r);
    if (got < 0) booking_list_free(out);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult calendar_feed_made(Store *st, const Viewer *v, int64_t *made_at)
{
    *made_at = 0;
    if (!v->staff_ref) return SVC_OK;
    Param p[] = {P_INT(v->staff_ref)};
    return store_query_int(st, STMT_CALENDAR_FEED_OF, p, 1, made_at) < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult calendar_feed_new(Store *st, const SvcActor *a, char token[TOKEN_CHARS + 1])
{
    if (!a->viewer->staff_ref) return SVC_REFUSED;
    char hash[65];
    account_new_token(token);
    account_token_hash(token, hash);
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Param p[] = {P_INT(a->viewer->staff_ref), P_STR(hash), P_INT(a->now)};
    return svc_finish(st, SVC_OK, store_exec(st, STMT_CALENDAR_FEED_SET, p, 3, NULL) == STORE_OK);
}
