/* svc/discussion.c: the decisions of svc/discussion.h. */
#include "svc/discussion.h"

#include <stdio.h>
#include <string.h>

#include "svc/booking.h"
#include "svc/inbox.h"
#include "svc/record_log.h"
#include "svc/staff.h"

/* Whether the worker held the case open on date; false with *rc set
 * (invalid, or failed) otherwise. */
static bool open_on(Store *st, const char *case_id, int64_t worker, const char *date, SvcResult *rc, SvcError *e)
{
    int64_t ref = 0;
    Param p[] = {P_STR(case_id), P_INT(worker), P_STR(date)};
    int got = store_query_int(st, STMT_CASE_OF_WORKER, p, 3, &ref);
    if (got == 1) return true;
    *rc = got < 0 ? SVC_FAILED : svc_fail(e, SVC_INVALID, "case", "Case \"%.64s\" was not open on %s", case_id, date);
    return false;
}

/* A held session of type on date led by supervisor; *session its ref.
 * Written on the day it is entered, it is late by the days since date. */
static bool add_session(Store *st, const SvcActor *a, const char *type, const char *date, int64_t supervisor,
                        int64_t *session)
{
    char id[40];
    session_new_id(id);
    Param s[] = {P_STR(id), P_STR(date), P_INT(supervisor), P_STR(type), P_STR("held")};
    Date d;
    int64_t late = date_parse(date, strlen(date), &d) && a->today > d ? a->today - d : 0;
    if (store_query_int(st, STMT_SVC_SESSION_ADD, s, 5, session) != 1) return false;
    Param l[] = {P_INT(*session), P_INT(late)};
    return !late || store_exec(st, STMT_SESSION_SET_LATE, l, 2, NULL) == STORE_OK;
}

/* The case's discussion and its note, and the worker's message. */
static bool add_note(Store *st, const SvcActor *a, int64_t session, int64_t case_ref, const char *case_id,
                     int64_t worker, const char *date, const char *decision, const char *rationale, const char *kind)
{
    int64_t note = 0;
    Param d[] = {P_INT(session), P_INT(case_ref), P_STR(date)};
    Param n[] = {P_INT(case_ref), P_INT(session),  P_NULL,
                 P_NULL,          P_STR(date),     P_INT(a->viewer->staff_ref),
                 P_INT(a->now),   P_STR(""),       P_STR(""),
                 P_STR(""),       P_STR(decision), P_STR(rationale ? rationale : ""),
                 P_STR(""),       P_INT(0),        P_STR(""),
                 P_STR("")};
    char text[300], link[96];
    strfmt(text, sizeof text, "A decision on case %s was recorded in %s on %s", case_id, kind, date);
    strfmt(link, sizeof link, "/cases/%s", case_id);
    return store_exec(st, STMT_DISCUSSION_ADD_HELD, d, 3, NULL) == STORE_OK &&
           store_query_int(st, STMT_CASE_NOTE_ADD, n, 16, &note) == 1 &&
           (worker == a->viewer->staff_ref || svc_inbox(st, worker, a->now, text, link));
}

SvcResult discussion_informal(Store *st, const SvcActor *a, const char *case_id, const char *date, const char *decision,
                              const char *rationale, SvcError *e)
{
    int64_t me = a->viewer->staff_ref;
    if (!me) return svc_fail(e, SVC_REFUSED, "", "Only staff can record a case discussion");
    if (!case_id || !*case_id) return svc_fail(e, SVC_INVALID, "case", "Enter the case's id");
    Param c[] = {P_STR(case_id)};
    StoreRows *q = store_query(st, STMT_CASE_BY_ID, c, 1);
    if (!q) return SVC_FAILED;
    int got = store_next(q);
    int64_t case_ref = got == 1 ? store_col_int(q, 0) : 0, worker_ref = got == 1 ? store_col_int(q, 2) : 0;
    store_rows_close(q);
    if (got < 0) return SVC_FAILED;
    Staff worker;
    if (got == 1 && staff_load(st, worker_ref, &worker) != 1) return SVC_FAILED;
    Access acc = got == 1 ? access_write_case(st, a->viewer, case_ref) : ACCESS_REFUSED;
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    /* Someone else's case is answered as one that does not exist. */
    if (acc != ACCESS_ALLOWED)
        return svc_fail(e, SVC_INVALID, "case",
                        "Case \"%.64s\" is not yours or one of your supervisees': record it as its worker or their"
                        " supervisor",
                        case_id);
    int64_t supervisor = me == worker.ref ? worker.supervisor_ref : me;
    if (!supervisor) return svc_fail(e, SVC_CONFLICT, "case", "You have no supervisor in the staff records");
    SvcResult rc;
    if ((rc = svc_past_date(e, "date", "the date of the discussion", date, a->today, 366)) != SVC_OK ||
        (rc = svc_text(e, "decision", "the decision", decision, SVC_TEXT_MAX, true)) != SVC_OK ||
        (rc = svc_text(e, "rationale", "the reasons", rationale, SVC_TEXT_MAX, false)) != SVC_OK)
        return rc;
    if (!open_on(st, case_id, worker.ref, date, &rc, e)) return rc;
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    int64_t session = 0;
    bool ok = add_session(st, a, "informal", date, supervisor, &session);
    if (ok) {
        Param at[] = {P_INT(session), P_INT(worker.ref), P_STR(date), P_INT(0)};
        ok = store_exec(st, STMT_SVC_ATTENDEE_ADD, at, 4, NULL) == STORE_OK &&
             add_note(st, a, session, case_ref, case_id, worker.ref, date, decision, rationale,
                      "an informal discussion") &&
             record_log_discussion(st, session, a->now, a->viewer->staff_ref, e) && store_commit(st) == STORE_OK;
    }
    store_rollback(st);
    return ok ? SVC_OK : SVC_FAILED;
}

SvcResult group_session(Store *st, const SvcActor *a, const char *date, const char *const *attendees, size_t nattendees,
                        const GroupCase *cases, size_t ncases, SvcError *e)
{
    int64_t me = a->viewer->staff_ref;
    if (!me) return svc_fail(e, SVC_REFUSED, "", "Only staff can record a group session");
    SvcResult rc = svc_past_date(e, "date", "the date of the discussion", date, a->today, 366);
    if (rc != SVC_OK) return rc;
    if (nattendees < 2 || nattendees > 50)
        return svc_fail(e, SVC_INVALID, "attendees", "Enter the staff ids of 2 to 50 attendees");
    int64_t refs[50];
    for (size_t i = 0; i < nattendees; i++) {
        Staff s;
        int got = staff_load_id(st, attendees[i], &s);
        if (got < 0) return SVC_FAILED;
        if (got == 1 && s.ref == me)
            return svc_fail(e, SVC_INVALID, "attendees", "You lead the session: list the others who attended");
        /* A write rule, not a read one: reading someone's supervision (an
         * auditor, a senior manager) is no right to record it. Someone
         * else's staff id is answered as one that does not exist. */
        Access acc = got == 1 ? access_write_supervise(st, a->viewer, s.ref) : ACCESS_REFUSED;
        if (acc == ACCESS_FAILED) return SVC_FAILED;
        if (acc != ACCESS_ALLOWED)
            return svc_fail(e, SVC_INVALID, "attendees", "Nobody you supervise or manage has the staff id \"%.64s\"",
                            attendees[i]);
        for (size_t j = 0; j < i; j++)
            if (refs[j] == s.ref) return svc_fail(e, SVC_INVALID, "attendees", "%.64s is listed twice", attendees[i]);
        refs[i] = s.ref;
    }
    if (ncases > 50) return svc_fail(e, SVC_INVALID, "cases", "Record at most 50 cases in one session");
    int64_t *case_refs = xcalloc(ncases + 1, sizeof *case_refs), *workers = xcalloc(ncases + 1, sizeof *workers);
    rc = SVC_OK;
    for (size_t i = 0; rc == SVC_OK && i < ncases; i++) {
        Param c[] = {P_STR(cases[i].case_id)};
        StoreRows *q = store_query(st, STMT_CASE_BY_ID, c, 1);
        int got = q ? store_next(q) : STORE_ERROR;
        if (got == 1) case_refs[i] = store_col_int(q, 0), workers[i] = store_col_int(q, 2);
        if (q) store_rows_close(q);
        bool held = false;
        for (size_t j = 0; got == 1 && j < nattendees; j++) held = held || refs[j] == workers[i];
        if (got < 0)
            rc = SVC_FAILED;
        else if (!held)
            rc = svc_fail(e, SVC_INVALID, "cases", "Case \"%.64s\" is not held by any of the attendees",
                          cases[i].case_id);
        else if (open_on(st, cases[i].case_id, workers[i], date, &rc, e))
            rc = svc_text(e, "cases", "a decision for each case", cases[i].decision, SVC_TEXT_MAX, true);
        else
            strfmt(e->field, sizeof e->field, "cases");
    }
    bool ok = rc == SVC_OK && store_begin(st) == STORE_OK;
    int64_t session = 0;
    ok = ok && add_session(st, a, "group", date, me, &session);
    for (size_t i = 0; ok && i < nattendees; i++) {
        Param at[] = {P_INT(session), P_INT(refs[i]), P_STR(date), P_INT(0)};
        ok = store_exec(st, STMT_SVC_ATTENDEE_ADD, at, 4, NULL) == STORE_OK;
    }
    for (size_t i = 0; ok && i < ncases; i++)
        ok = add_note(st, a, session, case_refs[i], cases[i].case_id, workers[i], date, cases[i].decision, "",
                      "group supervision");
    ok = ok && record_log_discussion(st, session, a->now, a->viewer->staff_ref, e) && store_commit(st) == STORE_OK;
    store_rollback(st);
    free(case_refs);
    free(workers);
    if (rc != SVC_OK) return rc;
    return ok ? SVC_OK : SVC_FAILED;
}
