/* statements_trends.h: the named statements of compliance over time
 * (svc/view_trends.c), part of the one table in statements.h, which
 * includes this file. Same rules: $1, $2, ... parameters.
 *
 * Each reads, for the people in scope ($1: their staff refs as "1,2,3",
 * DUE_SCOPE), what happened up to the period's last day ($2) once, in one
 * statement, so that a year costs one pass over each table rather than one
 * due list per month. view_trends.c works out each month end from the rows. */
#ifndef OV_STATEMENTS_TRENDS_H
#define OV_STATEMENTS_TRENDS_H

/* Columns, in order. */
enum { TA_STAFF_REF, TA_DATE };
enum { TC_REF, TC_ID, TC_NAME, TC_CATEGORY, TC_WORKER_REF, TC_ALLOCATED, TC_CLOSED, TC_EVERY };
enum { TD_CASE_REF, TD_DATE };
enum {
    TS_REF,
    TS_ID,
    TS_DATE,
    TS_STATUS,
    TS_TYPE,
    TS_LATE_DAYS,
    TS_SUPERVISOR_ID,
    TS_SUPERVISOR_NAME,
    TS_CANCELLED_BY, /* 'supervisor', 'supervisee', 'other' or '' (not known: imported or not cancelled) */
    TS_REASON
};
enum { TR_REF, TR_DATE, TR_SUPERVISEE_ID, TR_SUPERVISEE_NAME, TR_SENT, TR_SIGNED_AT };
enum { TX_REF, TX_SUPERVISEE_ID, TX_SUPERVISEE_NAME, TX_DUE, TX_CREATED_AT, TX_CLOSED_AT };
enum { TE_REF, TE_KIND, TE_SUPERVISEE_ID, TE_SUPERVISEE_NAME, TE_RAISED_AT, TE_RESOLVED_AT };

#define TRENDS_WITH_SCOPE DUE_SCOPE("1")
#define TRENDS_WITH_SCOPE_PG DUE_SCOPE_PG("1")

/* The individual sessions held by each person in scope from $3 to $2, and
 * the last one before $3 (what the first month end counts from), by
 * person, oldest first: the period's share of their history, not all of it. */
#define TRENDS_ATTENDED_SQL                                                                   \
    "SELECT a.staff_ref, a.date FROM attendees a WHERE a.staff_ref" DUE_IN_SCOPE              \
    " AND a.held_individual = 1 AND a.date <= $2 AND a.date >= $3"                            \
    " UNION ALL SELECT s.ref, (SELECT max(a.date) FROM attendees a WHERE a.staff_ref = s.ref" \
    "   AND a.held_individual = 1 AND a.date < $3) FROM staff s WHERE s.ref" DUE_IN_SCOPE " ORDER BY 1, 2"
/* Their cases open on any day from $3 to $2 (the workers' cases now: the
 * store keeps no history of reallocation). */
#define TRENDS_CASES_SQL                                                                             \
    "SELECT c.ref, c.id, c.name, c.category, c.worker_ref, c.allocated_date, c.closed_date, c.every" \
    " FROM cases c WHERE c.worker_ref" DUE_IN_SCOPE " AND c.allocated_date <= $2"                    \
    " AND (c.closed_date IS NULL OR c.closed_date > $3) ORDER BY c.ref"
/* Each held discussion of those cases from $3 to $2, and the last before
 * $3, by case, oldest first. */
#define TRENDS_DISCUSSED_SQL                                                                   \
    "SELECT d.case_ref, d.date FROM cases c JOIN discussions d ON d.case_ref = c.ref"          \
    " WHERE c.worker_ref" DUE_IN_SCOPE " AND d.held = 1 AND d.date <= $2 AND d.date >= $3"     \
    " UNION ALL SELECT c.ref, (SELECT max(d.date) FROM discussions d WHERE d.case_ref = c.ref" \
    "   AND d.held = 1 AND d.date < $3) FROM cases c WHERE c.worker_ref" DUE_IN_SCOPE          \
    " AND c.allocated_date <= $2 AND (c.closed_date IS NULL OR c.closed_date >= $3) ORDER BY 1, 2"
/* Sessions dated $3 to $2 that anyone in scope attended (held or
 * cancelled), once each, with who cancelled it and why when it was booked
 * here: the cancellations of the bookings of those in scope, read once
 * (through bookings_supervisee), not looked up session by session. */
#define TRENDS_SESSIONS_SQL                                                                               \
    "SELECT s.ref, s.id, s.date, s.status, s.type, s.late_days, sup.id, sup.name,"                        \
    " coalesce(x.by, ''), coalesce(x.reason, '')"                                                         \
    " FROM sessions s JOIN staff sup ON sup.ref = s.supervisor_ref LEFT JOIN"                             \
    " (SELECT b.session_ref AS session_ref, CASE WHEN e.by_ref = b.supervisor_ref THEN 'supervisor'"      \
    "   WHEN e.by_ref = b.supervisee_ref THEN 'supervisee' ELSE 'other' END AS by, e.reason AS reason"    \
    "   FROM bookings b JOIN booking_events e ON e.booking_ref = b.ref AND e.kind = 'cancelled'"          \
    "   WHERE b.supervisee_ref" DUE_IN_SCOPE " AND b.session_ref IS NOT NULL) x ON x.session_ref = s.ref" \
    " WHERE s.ref IN (SELECT a.session_ref FROM attendees a WHERE a.staff_ref" DUE_IN_SCOPE               \
    "  AND a.date <= $2 AND a.date >= $3) ORDER BY s.date, s.id"
/* Their supervision records written in Oversight up to $2: when first sent
 * (a date) and when first signed by both (a Unix time; NULL: not yet). */
#define TRENDS_RECORDS_SQL(greatest)                                                                    \
    "SELECT r.ref, r.date, see.id, see.name,"                                                           \
    " (SELECT min(v.sent_date) FROM record_versions v WHERE v.record_ref = r.ref),"                     \
    " (SELECT min(" greatest "(v.supervisor_signed_at, v.supervisee_signed_at)) FROM record_versions v" \
    "   WHERE v.record_ref = r.ref AND v.state = 'signed')"                                             \
    " FROM records r JOIN staff see ON see.ref = r.supervisee_ref"                                      \
    " WHERE r.supervisee_ref" DUE_IN_SCOPE " AND r.date <= $2 ORDER BY r.date, r.ref"
/* The actions agreed in their supervision (Unix times of agreeing and
 * closing, NULL while open). */
#define TRENDS_ACTIONS_SQL                                                                 \
    "SELECT x.ref, see.id, see.name, x.due_date, x.created_at, x.closed_at FROM actions x" \
    " JOIN staff see ON see.ref = x.supervisee_ref WHERE x.supervisee_ref" DUE_IN_SCOPE    \
    " AND x.due_date <= $2 ORDER BY x.due_date, x.ref"
/* Disagreements with their records and escalations about their
 * supervision, raised at or after Unix time $3 (resolved: the first
 * 'resolved' event of an escalation; a disagreement has none of its own). */
#define TRENDS_RAISED_SQL                                                                                 \
    "SELECT e.ref, 'escalation', see.id, see.name, e.raised_at,"                                          \
    " (SELECT min(v.at) FROM escalation_events v WHERE v.escalation_ref = e.ref AND v.kind = 'resolved')" \
    " FROM escalations e JOIN staff see ON see.ref = e.supervisee_ref"                                    \
    " WHERE e.supervisee_ref" DUE_IN_SCOPE " AND e.raised_at >= $3 AND e.raised_at < $2"                  \
    " UNION ALL SELECT d.record_ref, 'disagreement', see.id, see.name, d.at, NULL FROM disagreements d"   \
    " JOIN records r ON r.ref = d.record_ref JOIN staff see ON see.ref = r.supervisee_ref"                \
    " WHERE r.supervisee_ref" DUE_IN_SCOPE " AND d.at >= $3 AND d.at < $2 ORDER BY 5"

#define TRENDS_STATEMENTS(STMT, STMT2)                                                                         \
    STMT2(TRENDS_ATTENDED, TRENDS_WITH_SCOPE TRENDS_ATTENDED_SQL, TRENDS_WITH_SCOPE_PG TRENDS_ATTENDED_SQL)    \
    STMT2(TRENDS_CASES, TRENDS_WITH_SCOPE TRENDS_CASES_SQL, TRENDS_WITH_SCOPE_PG TRENDS_CASES_SQL)             \
    STMT2(TRENDS_DISCUSSED, TRENDS_WITH_SCOPE TRENDS_DISCUSSED_SQL, TRENDS_WITH_SCOPE_PG TRENDS_DISCUSSED_SQL) \
    STMT2(TRENDS_SESSIONS, TRENDS_WITH_SCOPE TRENDS_SESSIONS_SQL, TRENDS_WITH_SCOPE_PG TRENDS_SESSIONS_SQL)    \
    STMT2(TRENDS_RECORDS, TRENDS_WITH_SCOPE TRENDS_RECORDS_SQL("max"),                                         \
          TRENDS_WITH_SCOPE_PG TRENDS_RECORDS_SQL("greatest"))                                                 \
    STMT2(TRENDS_ACTIONS, TRENDS_WITH_SCOPE TRENDS_ACTIONS_SQL, TRENDS_WITH_SCOPE_PG TRENDS_ACTIONS_SQL)       \
    STMT2(TRENDS_RAISED, TRENDS_WITH_SCOPE TRENDS_RAISED_SQL, TRENDS_WITH_SCOPE_PG TRENDS_RAISED_SQL)

#endif
