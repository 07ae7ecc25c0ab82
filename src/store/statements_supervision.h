/* statements_supervision.h: the named statements of the supervision
 * services (svc_*.c), part of the one table in statements.h, which includes
 * this file. Same rules: $1, $2, ... parameters; dates 'YYYY-MM-DD'. */
#ifndef OV_STATEMENTS_SUPERVISION_H
#define OV_STATEMENTS_SUPERVISION_H

/* The columns of one booking, in order (enum BK_*). */
#define BOOKING_SELECT                                                                             \
    "SELECT b.ref, b.uid, b.supervisor_ref, sup.id, sup.name, b.supervisee_ref, see.id, see.name," \
    " b.date, b.start_time, b.minutes, b.place, b.status, b.sequence, b.created_at,"               \
    " (SELECT r.ref FROM records r WHERE r.booking_ref = b.ref),"                                  \
    " (SELECT max(e.at) FROM booking_events e WHERE e.booking_ref = b.ref)"                        \
    " FROM bookings b JOIN staff sup ON sup.ref = b.supervisor_ref"                                \
    " JOIN staff see ON see.ref = b.supervisee_ref "
enum {
    BK_REF,
    BK_UID,
    BK_SUPERVISOR_REF,
    BK_SUPERVISOR_ID,
    BK_SUPERVISOR_NAME,
    BK_SUPERVISEE_REF,
    BK_SUPERVISEE_ID,
    BK_SUPERVISEE_NAME,
    BK_DATE,
    BK_TIME,
    BK_MINUTES,
    BK_PLACE,
    BK_STATUS,
    BK_SEQUENCE,
    BK_CREATED_AT,
    BK_RECORD_REF,
    BK_CHANGED_AT
};

/* The columns of one agreement (enum AG_*). */
#define AGREEMENT_SELECT                                                                            \
    "SELECT a.ref, a.supervisee_ref, a.supervisor_ref, sup.id, sup.name, a.every, a.minutes,"       \
    " a.place, a.record_keeping, a.content, a.confidentiality, a.disagreements,"                    \
    " a.written_at, a.supervisor_agreed_at, a.supervisee_agreed_at, a.agreed_date, a.superseded_at" \
    " FROM agreements a JOIN staff sup ON sup.ref = a.supervisor_ref "
enum {
    AG_REF,
    AG_SUPERVISEE_REF,
    AG_SUPERVISOR_REF,
    AG_SUPERVISOR_ID,
    AG_SUPERVISOR_NAME,
    AG_EVERY,
    AG_MINUTES,
    AG_PLACE,
    AG_RECORD_KEEPING,
    AG_CONTENT,
    AG_CONFIDENTIALITY,
    AG_DISAGREEMENTS,
    AG_WRITTEN_AT,
    AG_SUPERVISOR_AGREED_AT,
    AG_SUPERVISEE_AGREED_AT,
    AG_AGREED_DATE,
    AG_SUPERSEDED_AT
};

/* The columns of one record with its latest version (enum RC_*). */
#define RECORD_SELECT                                                                             \
    "SELECT r.ref, r.booking_ref, r.supervisor_ref, r.supervisee_ref, r.date, r.latest_version,"  \
    " v.state, v.reason, v.sent_at, v.sent_date, v.supervisor_signed_at, v.supervisee_signed_at," \
    " (SELECT s.session_ref FROM bookings s WHERE s.ref = r.booking_ref)"                         \
    " FROM records r JOIN record_versions v ON v.record_ref = r.ref AND v.version = $2 "
enum {
    RC_REF,
    RC_BOOKING_REF,
    RC_SUPERVISOR_REF,
    RC_SUPERVISEE_REF,
    RC_DATE,
    RC_LATEST,
    RC_STATE,
    RC_REASON,
    RC_SENT_AT,
    RC_SENT_DATE,
    RC_SUPERVISOR_SIGNED_AT,
    RC_SUPERVISEE_SIGNED_AT,
    RC_SESSION_REF
};

/* The columns of a case note (enum CN_*). */
#define CASE_NOTE_SELECT                                                                     \
    "SELECT n.ref, n.case_ref, c.id, c.category, n.date, n.prompts, n.synopsis, n.analysis," \
    " n.decision, n.rationale, n.tasks, n.departs, n.departure, n.checklist, w.id, w.name,"  \
    " se.type, n.record_ref, n.version, COALESCE(n.origin_ref, n.ref), n.changed,"           \
    " n.withdrawn FROM case_notes n JOIN cases c ON c.ref = n.case_ref"                      \
    " JOIN staff w ON w.ref = n.written_by_ref JOIN sessions se ON se.ref = n.session_ref "
enum {
    CN_REF,
    CN_CASE_REF,
    CN_CASE_ID,
    CN_CATEGORY,
    CN_DATE,
    CN_PROMPTS,
    CN_SYNOPSIS,
    CN_ANALYSIS,
    CN_DECISION,
    CN_RATIONALE,
    CN_TASKS,
    CN_DEPARTS,
    CN_DEPARTURE,
    CN_CHECKLIST,
    CN_WRITER_ID,
    CN_WRITER_NAME,
    CN_SESSION_TYPE,
    CN_RECORD_REF,
    CN_VERSION,
    CN_ORIGIN,
    CN_CHANGED,
    CN_WITHDRAWN
};

/* The columns of a concern (svc/concern.c). */
#define CONCERN_SELECT                                                                         \
    "SELECT k.ref, c.id, k.kind, k.raised_date, k.resolved_date, s.name, k.text, k.resolution" \
    " FROM case_concerns k JOIN cases c ON c.ref = k.case_ref JOIN staff s ON s.ref = k.raised_by_ref "

/* The columns of an action (enum AC_*). */
#define ACTION_SELECT                                                                          \
    "SELECT a.ref, a.supervisee_ref, a.owner_ref, o.id, o.name, a.text, a.due_date, a.status," \
    " a.record_ref, c.id, a.reported_at, r.supervisor_ref, r.date FROM actions a"              \
    " JOIN staff o ON o.ref = a.owner_ref LEFT JOIN cases c ON c.ref = a.case_ref"             \
    " LEFT JOIN records r ON r.ref = a.record_ref "
enum {
    AC_REF,
    AC_SUPERVISEE_REF,
    AC_OWNER_REF,
    AC_OWNER_ID,
    AC_OWNER_NAME,
    AC_TEXT,
    AC_DUE,
    AC_STATUS,
    AC_RECORD_REF,
    AC_CASE_ID,
    AC_REPORTED_AT,
    AC_SUPERVISOR_REF,
    AC_RECORD_DATE
};

/* The columns of an escalation (enum ES_*). */
#define ESCALATION_SELECT                                                                             \
    "SELECT e.ref, e.subject, e.supervisee_ref, see.id, see.name, e.supervisor_ref, e.record_ref,"    \
    " e.raised_by_ref, e.raised_at, e.level, e.assignee_ref, asg.id, asg.name, v.name, e.respond_by," \
    " e.status FROM escalations e JOIN staff see ON see.ref = e.supervisee_ref"                       \
    " LEFT JOIN staff asg ON asg.ref = e.assignee_ref LEFT JOIN services v ON v.ref = e.service_ref "
enum {
    ES_REF,
    ES_SUBJECT,
    ES_SUPERVISEE_REF,
    ES_SUPERVISEE_ID,
    ES_SUPERVISEE_NAME,
    ES_SUPERVISOR_REF,
    ES_RECORD_REF,
    ES_RAISED_BY_REF,
    ES_RAISED_AT,
    ES_LEVEL,
    ES_ASSIGNEE_REF,
    ES_ASSIGNEE_ID,
    ES_ASSIGNEE_NAME,
    ES_SERVICE,
    ES_RESPOND_BY,
    ES_STATUS
};

/* The due list's rows of other kinds than staff and case (due.c), one
 * query for all kinds; `subject` is the condition on the supervisee's ref
 * (each branch's own column). Columns (enum DX_*): kind, id, supervisee ref,
 * owner id, owner name, last (a date or NULL), the date the due date is
 * counted from, and a number (a record's version, an escalation's level).
 * asof is $1 as the imported tables' dates compare with it (DUE_ASOF_*), so
 * that a person's or a case's latest session is found by index. */
#define DUE_EXTRAS_SELECT(asof, see_a, see_r, see_x, see_e, see_l, see_c)                                                               \
    "SELECT 'agreement', see.id, a.supervisee_ref, sup.id, sup.name, a.agreed_date, a.agreed_date, 0"                                   \
    " FROM agreements a JOIN staff see ON see.ref = a.supervisee_ref JOIN staff sup ON sup.ref = a.supervisor_ref"                      \
    " WHERE a.superseded_at IS NULL AND a.agreed_date IS NOT NULL AND a.supervisor_ref = see.supervisor_ref" see_a                      \
    " UNION ALL SELECT 'sign-off', 'record-' || r.ref, r.supervisee_ref, see.id, see.name, r.date, v.sent_date,"                        \
    " v.version FROM record_versions v JOIN records r ON r.ref = v.record_ref"                                                          \
    " JOIN staff see ON see.ref = r.supervisee_ref WHERE v.state = 'sent' AND v.sent_date <= $1" see_r                                  \
    " UNION ALL SELECT 'action', 'action-' || x.ref, x.supervisee_ref, o.id, o.name, NULL, x.due_date, 0"                               \
    " FROM actions x JOIN staff o ON o.ref = x.owner_ref WHERE x.status = 'open'" see_x                                                 \
    " UNION ALL SELECT 'escalation', 'escalation-' || e.ref, e.supervisee_ref, coalesce(asg.id, ''),"                                   \
    " coalesce(asg.name, ''), NULL, e.respond_by, e.level FROM escalations e"                                                           \
    " LEFT JOIN staff asg ON asg.ref = e.assignee_ref WHERE e.status = 'open'" see_e                                                    \
    " UNION ALL SELECT 'record', 'record-' || r.ref, r.supervisee_ref, sup.id, sup.name, r.date, r.date, 1"                             \
    " FROM record_versions v JOIN records r ON r.ref = v.record_ref JOIN staff sup ON sup.ref = r.supervisor_ref"                       \
    " WHERE v.version = 1 AND v.state = 'draft' AND r.date <= $1" see_r                                                                 \
    " UNION ALL SELECT 'late-entry', see.id, la.staff_ref, sup.id, sup.name, CAST(la.date AS TEXT), CAST(la.date AS TEXT), x.late_days" \
    " FROM staff see JOIN attendees la ON la.staff_ref = see.ref JOIN sessions x ON x.ref = la.session_ref"                             \
    " JOIN staff sup ON sup.ref = x.supervisor_ref WHERE x.late_days > 0 AND la.held_individual = 1"                                    \
    " AND la.date = (SELECT max(l2.date) FROM attendees l2 WHERE l2.staff_ref = see.ref"                                                \
    " AND l2.held_individual = 1 AND l2.date <= " asof ")" see_l                                                                        \
    " UNION ALL SELECT 'case-late-entry', c.id, c.worker_ref, rec.id, rec.name, CAST(d.date AS TEXT),"                                  \
    " CAST(d.date AS TEXT), x.late_days FROM cases c JOIN discussions d ON d.case_ref = c.ref"                                          \
    " JOIN sessions x ON x.ref = d.session_ref JOIN staff rec ON rec.ref = x.supervisor_ref"                                            \
    " WHERE x.late_days > 0 AND d.held = 1 AND (c.closed_date IS NULL OR c.closed_date > " asof ")"                                     \
    " AND d.date = (SELECT max(d2.date) FROM discussions d2 WHERE d2.case_ref = c.ref"                                                  \
    " AND d2.held = 1 AND d2.date <= " asof ")" see_c
/* $1, the as-of date (text), compared with a date of the imported tables:
 * PostgreSQL keeps those as DATE (the supervision tables' dates are text,
 * so $1 stays text); SQLite keeps every date as text. */
#define DUE_ASOF_SQLITE "$1"
#define DUE_ASOF_PG "CAST(CAST($1 AS TEXT) AS DATE)"
#define DUE_LATE_SESSIONS "SELECT ref FROM sessions WHERE late_days > 0"
enum { DX_KIND, DX_ID, DX_SUBJECT_REF, DX_OWNER_ID, DX_OWNER_NAME, DX_LAST, DX_FROM, DX_NUMBER };
/* The open cases of category $2 whose worker has supervision booked in the
 * application (enum DK_*): the first booking's date, and each counted case
 * note that covered checklist topics (none: one row with NULLs), by case.
 * `cases` says which workers' cases: for everyone, those of the workers with
 * bookings, found from the bookings (not by reading every case). */
#define DUE_CHECKLISTS_SELECT(cases)                                                                    \
    "SELECT c.id, c.worker_ref, c.allocated_date,"                                                      \
    " (SELECT min(b.date) FROM bookings b WHERE b.supervisee_ref = c.worker_ref), n.date, n.checklist"  \
    " FROM cases c LEFT JOIN case_notes n ON n.case_ref = c.ref AND n.date <= $1 AND n.checklist <> ''" \
    "   AND EXISTS (SELECT 1 FROM discussions d WHERE d.session_ref = n.session_ref"                    \
    "     AND d.case_ref = n.case_ref AND d.held = 1)"                                                  \
    "   AND (n.record_ref IS NULL OR EXISTS (SELECT 1 FROM record_versions v"                           \
    "     WHERE v.record_ref = n.record_ref AND v.version = n.version AND v.state <> 'draft'))"         \
    " WHERE c.category = $2 AND CAST(c.allocated_date AS TEXT) <= $1"                                   \
    " AND (c.closed_date IS NULL OR CAST(c.closed_date AS TEXT) > $1)" cases " ORDER BY c.ref"
/* Open incidents and allegations on open cases ($1 the as-of date), one
 * row per case (enum DC_*): the earliest still open, whether any is an
 * allegation, when the case was last discussed, the worker's next booking.
 * `from` joins case_concerns k and cases c, the one to read first first
 * (CROSS JOIN: SQLite keeps that order): for everyone, the open concerns;
 * for the people in scope (`scope` narrows the cases), their cases. */
#define DUE_CONCERNS_SELECT(from, scope)                                                                              \
    "SELECT c.id, c.worker_ref, min(k.raised_date),"                                                                  \
    " max(CASE WHEN k.kind = 'allegation' THEN 1 ELSE 0 END),"                                                        \
    " (SELECT max(d.date) FROM discussions d WHERE d.case_ref = c.ref AND d.held = 1"                                 \
    "   AND CAST(d.date AS TEXT) <= $1),"                                                                             \
    " (SELECT min(b.date) FROM bookings b WHERE b.supervisee_ref = c.worker_ref"                                      \
    "   AND b.status = 'booked' AND b.date >= $1)"                                                                    \
    " FROM " from " WHERE c.ref = k.case_ref"                                                                         \
    " AND k.raised_date <= $1 AND (k.resolved_date IS NULL OR k.resolved_date > $1)"                                  \
    " AND CAST(c.allocated_date AS TEXT) <= $1 AND (c.closed_date IS NULL OR CAST(c.closed_date AS TEXT) > $1)" scope \
    " GROUP BY c.ref, c.id, c.worker_ref"
/* The people in scope (their staff refs as text, "1,2,3", in parameter $n)
 * as the table scope(ref), and the condition on a column that it holds. */
#define DUE_SCOPE(n) "WITH scope(ref) AS (SELECT value FROM json_each('[' || $" n " || ']')) "
#define DUE_SCOPE_PG(n) "WITH scope(ref) AS (SELECT unnest(string_to_array($" n ", ',')::bigint[])) "
#define DUE_IN_SCOPE " IN (SELECT ref FROM scope)"
#define DUE_EXTRAS_SCOPED(asof)                                                                         \
    DUE_EXTRAS_SELECT(asof, " AND a.supervisee_ref" DUE_IN_SCOPE, " AND r.supervisee_ref" DUE_IN_SCOPE, \
                      " AND x.supervisee_ref" DUE_IN_SCOPE, " AND e.supervisee_ref" DUE_IN_SCOPE,       \
                      " AND see.ref" DUE_IN_SCOPE, " AND c.worker_ref" DUE_IN_SCOPE)
/* For everyone, the late entries are found from the few late sessions
 * (sessions_late), not by reading every attendee and discussion. */
#define DUE_EXTRAS_EVERYONE(asof)                                                             \
    DUE_EXTRAS_SELECT(asof, "", "", "", "", " AND la.session_ref IN (" DUE_LATE_SESSIONS ")", \
                      " AND d.session_ref IN (" DUE_LATE_SESSIONS ")")
/* The cases of the people in scope, of those whose supervision is booked. */
#define DUE_CHECKLISTS_SCOPED \
    " AND c.worker_ref" DUE_IN_SCOPE " AND EXISTS (SELECT 1 FROM bookings b WHERE b.supervisee_ref = c.worker_ref)"
enum { DC_CASE, DC_WORKER_REF, DC_RAISED, DC_ALLEGATION, DC_LAST_DISCUSSED, DC_NEXT_BOOKED };
enum { DK_CASE, DK_WORKER_REF, DK_ALLOCATED, DK_FIRST_BOOKED, DK_NOTE_DATE, DK_CHECKLIST };

#define SUPERVISION_STATEMENTS(STMT, STMT2)                                                                            \
    STMT2(DUE_EXTRAS_ALL, DUE_EXTRAS_EVERYONE(DUE_ASOF_SQLITE), DUE_EXTRAS_EVERYONE(DUE_ASOF_PG))                      \
    /* For part of the organisation, the people in scope are given as a                                                \
     * list: one statement whatever their number, reading only what they hold. */                                      \
    STMT2(DUE_EXTRAS_SCOPE, DUE_SCOPE("2") DUE_EXTRAS_SCOPED(DUE_ASOF_SQLITE),                                         \
          DUE_SCOPE_PG("2") DUE_EXTRAS_SCOPED(DUE_ASOF_PG))                                                            \
    STMT(DUE_CONCERNS_ALL, DUE_CONCERNS_SELECT("case_concerns k CROSS JOIN cases c", ""))                              \
    STMT2(DUE_CONCERNS_SCOPE,                                                                                          \
          DUE_SCOPE("2") DUE_CONCERNS_SELECT("cases c CROSS JOIN case_concerns k", " AND c.worker_ref" DUE_IN_SCOPE),  \
          DUE_SCOPE_PG("2")                                                                                            \
              DUE_CONCERNS_SELECT("cases c CROSS JOIN case_concerns k", " AND c.worker_ref" DUE_IN_SCOPE))             \
    STMT(DUE_CHECKLISTS_ALL, DUE_CHECKLISTS_SELECT(" AND c.worker_ref IN (SELECT b.supervisee_ref FROM bookings b)"))  \
    STMT2(DUE_CHECKLISTS_SCOPE, DUE_SCOPE("3") DUE_CHECKLISTS_SELECT(DUE_CHECKLISTS_SCOPED),                           \
          DUE_SCOPE_PG("3") DUE_CHECKLISTS_SELECT(DUE_CHECKLISTS_SCOPED))                                              \
    /* People. */                                                                                                      \
    STMT(SVC_STAFF,                                                                                                    \
         "SELECT s.ref, s.id, s.name, s.role, s.supervisor_ref, s.line_manager_ref,"                                   \
         " t.service_ref, s.left_date, s.start_date, s.fte_ppm FROM staff s LEFT JOIN teams t ON t.ref = s.team_ref"   \
         " WHERE s.ref = $1")                                                                                          \
    STMT(SVC_STAFF_BY_ID, "SELECT ref FROM staff WHERE id = $1")                                                       \
    /* What a form offers to choose (svc/choices.h): the people in post whom $1 supervises, line-manages directly      \
     * or whose team $1 manages; the open cases of $1 and of those $1 supervises, with the child and the worker.       \
     * Each way in is its own indexed lookup: an OR across them, or with a subquery, reads every staff row. */         \
    STMT(CHOICES_GROUP_ATTENDEES, "SELECT s.id, s.name FROM staff s WHERE s.ref IN"                                    \
                                  " (SELECT ref FROM staff WHERE supervisor_ref = $1"                                  \
                                  " UNION SELECT ref FROM staff WHERE line_manager_ref = $1"                           \
                                  " UNION SELECT m.ref FROM teams t JOIN staff m ON m.team_ref = t.ref"                \
                                  " WHERE t.manager_ref = $1)"                                                         \
                                  " AND s.ref <> $1 AND (s.left_date IS NULL OR s.left_date >= $2)"                    \
                                  " ORDER BY s.name, s.id")                                                            \
    STMT(CHOICES_INFORMAL_CASES,                                                                                       \
         "SELECT c.id, c.name, w.name"                                                                                 \
         " FROM cases c JOIN staff w ON w.ref = c.worker_ref"                                                          \
         " WHERE c.worker_ref IN (SELECT ref FROM staff WHERE ref = $1 OR supervisor_ref = $1)"                        \
         " AND c.allocated_date <= $2"                                                                                 \
         " AND (c.closed_date IS NULL OR c.closed_date > $2) ORDER BY c.id")                                           \
    STMT(SUPERVISEES_OF, "SELECT ref, id, name FROM staff WHERE supervisor_ref = $1"                                   \
                         " AND (left_date IS NULL OR left_date >= $2) ORDER BY name, id")                              \
    STMT(RECORDS_WAITING, "SELECT r.ref, r.date, v.state, see.name, sup.name, r.supervisor_ref"                        \
                          " FROM records r JOIN record_versions v ON v.record_ref = r.ref"                             \
                          " AND v.version = r.latest_version"                                                          \
                          " JOIN staff see ON see.ref = r.supervisee_ref JOIN staff sup ON sup.ref = r.supervisor_ref" \
                          " WHERE (r.supervisor_ref = $1 AND v.state IN ('draft', 'disputed'))"                        \
                          " OR (r.supervisee_ref = $1 AND v.state = 'sent') ORDER BY r.date, r.ref")                   \
    /* Agreements. */                                                                                                  \
    STMT(AGREEMENT_CURRENT,                                                                                            \
         AGREEMENT_SELECT "WHERE a.supervisee_ref = $1 AND a.superseded_at IS NULL ORDER BY a.ref DESC LIMIT 1")       \
    STMT(AGREEMENT_IN_FORCE, AGREEMENT_SELECT "WHERE a.supervisee_ref = $1 AND a.superseded_at IS NULL"                \
                                              " AND a.agreed_date IS NOT NULL ORDER BY a.ref DESC LIMIT 1")            \
    STMT(AGREEMENT_GET, AGREEMENT_SELECT "WHERE a.ref = $1")                                                           \
    STMT(AGREEMENT_HISTORY, AGREEMENT_SELECT "WHERE a.supervisee_ref = $1 ORDER BY a.ref DESC")                        \
    STMT(AGREEMENT_SUPERSEDE, "UPDATE agreements SET superseded_at = $2"                                               \
                              " WHERE supervisee_ref = $1 AND ref <> $3 AND superseded_at IS NULL")                    \
    STMT(AGREEMENT_SUPERSEDE_PROPOSALS,                                                                                \
         "UPDATE agreements SET superseded_at = $2"                                                                    \
         " WHERE supervisee_ref = $1 AND agreed_date IS NULL AND superseded_at IS NULL")                               \
    STMT(AGREEMENT_ADD, "INSERT INTO agreements (supervisee_ref, supervisor_ref, every, minutes, place,"               \
                        " record_keeping, content, confidentiality, disagreements, written_by_ref,"                    \
                        " written_at, supervisor_agreed_at)"                                                           \
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ref")                   \
    STMT(AGREEMENT_AGREE_SUPERVISOR, "UPDATE agreements SET supervisor_agreed_at = $2 WHERE ref = $1")                 \
    STMT(AGREEMENT_AGREE_SUPERVISEE, "UPDATE agreements SET supervisee_agreed_at = $2 WHERE ref = $1")                 \
    STMT(AGREEMENT_SET_AGREED, "UPDATE agreements SET agreed_date = $2 WHERE ref = $1"                                 \
                               " AND supervisor_agreed_at IS NOT NULL AND supervisee_agreed_at IS NOT NULL")           \
    /* Bookings. */                                                                                                    \
    STMT(BOOKING_GET, BOOKING_SELECT "WHERE b.ref = $1")                                                               \
    STMT(BOOKING_UPCOMING, BOOKING_SELECT "WHERE (b.supervisee_ref = $1 OR b.supervisor_ref = $1)"                     \
                                          " AND b.status = 'booked' ORDER BY b.date, b.start_time, b.ref")             \
    STMT(BOOKING_OF_PERSON, BOOKING_SELECT "WHERE b.supervisee_ref = $1"                                               \
                                           " ORDER BY b.date DESC, b.start_time DESC, b.ref DESC LIMIT $2")            \
    STMT(BOOKING_FEED, BOOKING_SELECT "WHERE (b.supervisee_ref = $1 OR b.supervisor_ref = $1)"                         \
                                      " AND b.date >= $2 ORDER BY b.date, b.start_time, b.ref")                        \
    STMT(BOOKING_ADD, "INSERT INTO bookings (uid, supervisor_ref, supervisee_ref, date, start_time,"                   \
                      " minutes, place, status, created_by_ref, created_at, late_days)"                                \
                      " VALUES ($1, $2, $3, $4, $5, $6, $7, 'booked', $8, $9, $10) RETURNING ref")                     \
    STMT(BOOKING_MOVE, "UPDATE bookings SET date = $2, start_time = $3, minutes = $4, place = $5,"                     \
                       " late_days = $6, sequence = sequence + 1 WHERE ref = $1 AND status = 'booked'")                \
    STMT(BOOKING_SET_STATUS, "UPDATE bookings SET status = $2, session_ref = $3,"                                      \
                             " sequence = sequence + 1 WHERE ref = $1 AND status = 'booked'")                          \
    STMT(BOOKING_EVENT_ADD, "INSERT INTO booking_events (booking_ref, at, by_ref, kind, old_date,"                     \
                            " old_start_time, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)")                            \
    STMT(BOOKING_EVENTS, "SELECT e.at, s.id, s.name, e.kind, e.old_date, e.old_start_time, e.reason"                   \
                         " FROM booking_events e JOIN staff s ON s.ref = e.by_ref"                                     \
                         " WHERE e.booking_ref = $1 ORDER BY e.ref")                                                   \
    /* A person's cancelled sessions: when, who cancelled, why (newest first). */                                      \
    STMT(BOOKING_CANCELLED_OF, "SELECT b.ref, b.date, s.name, e.reason"                                                \
                               " FROM booking_events e JOIN bookings b ON b.ref = e.booking_ref"                       \
                               " JOIN staff s ON s.ref = e.by_ref"                                                     \
                               " WHERE e.kind = 'cancelled' AND b.supervisee_ref = $1"                                 \
                               " ORDER BY b.date DESC, b.ref DESC LIMIT $2")                                           \
    STMT(SVC_SESSION_ADD, "INSERT INTO sessions (id, date, supervisor_ref, type, status)"                              \
                          " VALUES ($1, $2, $3, $4, $5) RETURNING ref")                                                \
    STMT(SVC_ATTENDEE_ADD, "INSERT INTO attendees (session_ref, staff_ref, date, held_individual)"                     \
                           " VALUES ($1, $2, $3, $4)")                                                                 \
    /* Supervision made in the application: how late a session was entered, and                                        \
     * the moment its record is sent, when it starts to count (svc/record.c). */                                       \
    STMT(SESSION_LATE_OF_BOOKING, "UPDATE sessions SET late_days = (SELECT late_days FROM bookings WHERE ref = $2)"    \
                                  " WHERE ref = $1")                                                                   \
    STMT(SESSION_SET_LATE, "UPDATE sessions SET late_days = $2 WHERE ref = $1")                                        \
    /* EXISTS on the one session: "session_ref IN (SELECT ref FROM sessions WHERE ...)" made SQLite list every         \
     * held individual session first (1.3 s at national scale, with the write lock held). */                           \
    STMT(SESSION_COUNT_ATTENDEES, "UPDATE attendees SET held_individual = 1 WHERE session_ref = $1"                    \
                                  " AND held_individual = 0 AND EXISTS (SELECT 1 FROM sessions"                        \
                                  " WHERE ref = $1 AND type = 'individual' AND status = 'held')")                      \
    STMT(SESSION_COUNT_DISCUSSIONS, "UPDATE discussions SET held = 1 WHERE session_ref = $1 AND held = 0")             \
    /* Agendas. */                                                                                                     \
    STMT(AGENDA_ADD, "INSERT INTO agenda_items (booking_ref, author_ref, kind, text, case_ref,"                        \
                     " confidential_supervisor, confidential_supervisee, added_at)"                                    \
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ref")                                         \
    STMT(AGENDA_ITEMS, "SELECT i.ref, i.kind, i.text, c.id, c.category, a.id, a.name,"                                 \
                       " i.confidential_supervisor, i.confidential_supervisee FROM agenda_items i"                     \
                       " JOIN staff a ON a.ref = i.author_ref LEFT JOIN cases c ON c.ref = i.case_ref"                 \
                       " WHERE i.booking_ref = $1 ORDER BY CASE i.kind WHEN 'worry' THEN 0"                            \
                       " WHEN 'topic' THEN 1 WHEN 'case' THEN 2 ELSE 3 END, i.ref")                                    \
    STMT(AGENDA_ITEM_BOOKING, "SELECT booking_ref FROM agenda_items WHERE ref = $1")                                   \
    STMT(AGENDA_ITEM_BOTH_MARKED, "SELECT confidential_supervisor * confidential_supervisee FROM agenda_items"         \
                                  " WHERE ref = $1")                                                                   \
    STMT(AGENDA_CONFIDENTIAL_SUPERVISOR, "UPDATE agenda_items SET confidential_supervisor = $2 WHERE ref = $1")        \
    STMT(AGENDA_CONFIDENTIAL_SUPERVISEE, "UPDATE agenda_items SET confidential_supervisee = $2 WHERE ref = $1")        \
    STMT(AGENDA_HAS_CASE, "SELECT count(*) FROM agenda_items WHERE booking_ref = $1 AND case_ref = $2")                \
    STMT(AGENDA_SAMPLE_POOL, "SELECT c.ref FROM cases c WHERE c.worker_ref = $1"                                       \
                             " AND c.allocated_date <= $2 AND (c.closed_date IS NULL OR c.closed_date > $2)"           \
                             " AND NOT EXISTS (SELECT 1 FROM agenda_items i WHERE i.booking_ref = $3"                  \
                             " AND i.case_ref = c.ref) ORDER BY c.ref")                                                \
    /* The case, when the worker holds it open on date $3. */                                                          \
    STMT(CASE_OF_WORKER, "SELECT ref FROM cases WHERE id = $1 AND worker_ref = $2"                                     \
                         " AND allocated_date <= $3 AND (closed_date IS NULL OR closed_date > $3)")                    \
    STMT(CASELOAD_ON, "SELECT count(*) FROM cases WHERE worker_ref = $1 AND allocated_date <= $2"                      \
                      " AND (closed_date IS NULL OR closed_date > $2)")                                                \
    STMT(CASE_BY_ID, "SELECT ref, category, worker_ref FROM cases WHERE id = $1")                                      \
    /* Incidents and allegations. */                                                                                   \
    STMT(CONCERN_ADD, "INSERT INTO case_concerns (case_ref, kind, text, raised_date, raised_by_ref)"                   \
                      " VALUES ($1, $2, $3, $4, $5)")                                                                  \
    STMT(CONCERN_CASE, "SELECT case_ref FROM case_concerns WHERE ref = $1")                                            \
    STMT(CASE_ID_OF, "SELECT id FROM cases WHERE ref = $1")                                                            \
    STMT(CONCERN_RESOLVE, "UPDATE case_concerns SET resolved_date = $2, resolution = $3"                               \
                          " WHERE ref = $1 AND resolved_date IS NULL")                                                 \
    STMT(CONCERNS_OF_CASE, CONCERN_SELECT "WHERE k.case_ref = $1"                                                      \
                                          " ORDER BY k.resolved_date IS NOT NULL, k.raised_date DESC, k.ref DESC")     \
    STMT(CONCERNS_OPEN_OF_WORKER, CONCERN_SELECT "WHERE c.worker_ref = $1 AND k.resolved_date IS NULL"                 \
                                                 " ORDER BY k.raised_date, k.ref")                                     \
    /* Records. */                                                                                                     \
    STMT(RECORD_ADD, "INSERT INTO records (booking_ref, supervisor_ref, supervisee_ref, date)"                         \
                     " VALUES ($1, $2, $3, $4) RETURNING ref")                                                         \
    STMT(RECORD_GET, RECORD_SELECT "WHERE r.ref = $1")                                                                 \
    STMT(RECORD_VERSION_ADD, "INSERT INTO record_versions (record_ref, version, state, reason, written_at)"            \
                             " VALUES ($1, $2, 'draft', $3, $4)")                                                      \
    STMT(RECORD_SET_LATEST, "UPDATE records SET latest_version = $2 WHERE ref = $1")                                   \
    STMT(RECORD_SEND, "UPDATE record_versions SET state = 'sent', sent_at = $3, sent_date = $4,"                       \
                      " supervisor_signed_at = $3 WHERE record_ref = $1 AND version = $2 AND state = 'draft'")         \
    STMT(RECORD_SIGN, "UPDATE record_versions SET state = 'signed', supervisee_signed_at = $3"                         \
                      " WHERE record_ref = $1 AND version = $2 AND state = 'sent'")                                    \
    STMT(RECORD_DISPUTE, "UPDATE record_versions SET state = 'disputed'"                                               \
                         " WHERE record_ref = $1 AND version = $2 AND state = 'sent'")                                 \
    STMT(RECORD_VERSIONS, "SELECT version, state, reason, written_at, sent_at,"                                        \
                          " supervisor_signed_at, supervisee_signed_at FROM record_versions"                           \
                          " WHERE record_ref = $1 ORDER BY version DESC")                                              \
    STMT(RECORD_ITEM_PUT, "INSERT INTO record_items (record_ref, version, topic, text,"                                \
                          " confidential_supervisor, confidential_supervisee) VALUES ($1, $2, $3, $4, $5, $6)"         \
                          " ON CONFLICT (record_ref, version, topic) DO UPDATE SET text = excluded.text,"              \
                          " confidential_supervisor = excluded.confidential_supervisor")                               \
    STMT(RECORD_ITEM_CONFIDENTIAL_SUPERVISEE, "UPDATE record_items SET confidential_supervisee = $4"                   \
                                              " WHERE record_ref = $1 AND version = $2 AND topic = $3")                \
    STMT(RECORD_ITEMS, "SELECT topic, text, confidential_supervisor, confidential_supervisee"                          \
                       " FROM record_items WHERE record_ref = $1 AND version = $2")                                    \
    /* The marks of an item the two lifted are not carried into the new version. */                                    \
    STMT(RECORD_ITEMS_COPY, "INSERT INTO record_items (record_ref, version, topic, text,"                              \
                            " confidential_supervisor, confidential_supervisee)"                                       \
                            " SELECT i.record_ref, $3, i.topic, i.text,"                                               \
                            " CASE WHEN c.lifted_at IS NULL THEN i.confidential_supervisor ELSE 0 END,"                \
                            " CASE WHEN c.lifted_at IS NULL THEN i.confidential_supervisee ELSE 0 END"                 \
                            " FROM record_items i LEFT JOIN record_confidential c"                                     \
                            " ON c.record_ref = i.record_ref AND c.topic = i.topic"                                    \
                            " WHERE i.record_ref = $1 AND i.version = $2")                                             \
    /* An item's confidentiality, the record's across its versions (sql/.../008_confidentiality.sql). */               \
    STMT(RECORD_CONFIDENTIAL_OF, "SELECT topic, lifted_at, lift_proposed_by_ref FROM record_confidential"              \
                                 " WHERE record_ref = $1")                                                             \
    /* The items of version $2 both have marked that are not confidential yet. */                                      \
    STMT(RECORD_CONFIDENTIAL_DUE, "SELECT i.topic FROM record_items i WHERE i.record_ref = $1 AND i.version = $2"      \
                                  " AND i.confidential_supervisor <> 0 AND i.confidential_supervisee <> 0"             \
                                  " AND NOT EXISTS (SELECT 1 FROM record_confidential c WHERE c.record_ref = $1"       \
                                  " AND c.topic = i.topic AND c.lifted_at IS NULL) ORDER BY i.topic")                  \
    STMT(RECORD_CONFIDENTIAL_MARK, "INSERT INTO record_confidential (record_ref, topic, since) VALUES ($1, $2, $3)"    \
                                   " ON CONFLICT (record_ref, topic) DO UPDATE SET since = excluded.since,"            \
                                   " lift_proposed_by_ref = NULL, lift_proposed_at = NULL, lifted_at = NULL")          \
    STMT(RECORD_CONFIDENTIAL_PROPOSE, "UPDATE record_confidential SET lift_proposed_by_ref = $3,"                      \
                                      " lift_proposed_at = $4 WHERE record_ref = $1 AND topic = $2"                    \
                                      " AND lifted_at IS NULL AND lift_proposed_by_ref IS NULL")                       \
    STMT(RECORD_CONFIDENTIAL_LIFT, "UPDATE record_confidential SET lifted_at = $3, lift_proposed_by_ref = NULL,"       \
                                   " lift_proposed_at = NULL WHERE record_ref = $1 AND topic = $2"                     \
                                   " AND lifted_at IS NULL AND lift_proposed_by_ref IS NOT NULL"                       \
                                   " AND lift_proposed_by_ref <> $4")                                                  \
    STMT(RECORD_ITEM_UNMARK, "UPDATE record_items SET confidential_supervisor = 0, confidential_supervisee = 0"        \
                             " WHERE record_ref = $1 AND version = $2 AND topic = $3")                                 \
    STMT(RECORD_CONFIDENTIAL_EVENT_ADD, "INSERT INTO record_confidential_events (record_ref, topic, at, by_ref, kind)" \
                                        " VALUES ($1, $2, $3, $4, $5)")                                                \
    STMT(RECORD_CONFIDENTIAL_EVENTS, "SELECT e.topic, e.at, e.kind, s.id, s.name FROM record_confidential_events e"    \
                                     " JOIN staff s ON s.ref = e.by_ref WHERE e.record_ref = $1 ORDER BY e.at, e.ref") \
    STMT(RECORD_BY_BOOKING, "SELECT ref FROM records WHERE booking_ref = $1")                                          \
    STMT(RECORDS_UNSIGNED, "SELECT r.ref, r.date, v.version, v.sent_date, see.id, see.name, sup.id, sup.name"          \
                           " FROM record_versions v JOIN records r ON r.ref = v.record_ref"                            \
                           " JOIN staff see ON see.ref = r.supervisee_ref"                                             \
                           " JOIN staff sup ON sup.ref = r.supervisor_ref"                                             \
                           " WHERE v.state = 'sent' AND v.sent_date <= $1 ORDER BY v.sent_date")                       \
    STMT(RECORDS_OF_PERSON, "SELECT r.ref, r.date, r.latest_version, v.state, sup.id, sup.name"                        \
                            " FROM records r JOIN record_versions v ON v.record_ref = r.ref"                           \
                            " AND v.version = r.latest_version JOIN staff sup ON sup.ref = r.supervisor_ref"           \
                            " WHERE r.supervisee_ref = $1 ORDER BY r.date DESC, r.ref DESC LIMIT $2")                  \
    /* My records: those a person is party to, either side (both indexed), newest first. */                            \
    STMT(RECORDS_MINE,                                                                                                 \
         "SELECT r.ref, r.date, r.latest_version, v.state, r.supervisor_ref, sup.id, sup.name,"                        \
         " sue.id, sue.name FROM records r JOIN record_versions v ON v.record_ref = r.ref"                             \
         " AND v.version = r.latest_version JOIN staff sup ON sup.ref = r.supervisor_ref"                              \
         " JOIN staff sue ON sue.ref = r.supervisee_ref"                                                               \
         " WHERE r.supervisee_ref = $1 OR r.supervisor_ref = $1 ORDER BY r.date DESC, r.ref DESC LIMIT $2")            \
    /* Case notes. */                                                                                                  \
    STMT(CASE_NOTE_ADD, "INSERT INTO case_notes (case_ref, session_ref, record_ref, version, date,"                    \
                        " written_by_ref, written_at, prompts, synopsis, analysis, decision, rationale,"               \
                        " tasks, departs, departure, checklist)"                                                       \
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"              \
                        " RETURNING ref")                                                                              \
    STMT(CASE_NOTE_ANSWER_ADD, "INSERT INTO case_note_answers (note_ref, prompt, text) VALUES ($1, $2, $3)")           \
    STMT(CASE_NOTE_ANSWERS, "SELECT prompt, text FROM case_note_answers WHERE note_ref = $1 ORDER BY prompt")          \
    STMT(CASE_NOTES_OF_VERSION, CASE_NOTE_SELECT "WHERE n.record_ref = $1 AND n.version = $2 ORDER BY n.ref")          \
    /* On a child's history: each record's latest version sent to the supervisee. */                                   \
    STMT(CASE_NOTES_OF_CASE, CASE_NOTE_SELECT "WHERE n.case_ref = $1 AND (n.record_ref IS NULL OR"                     \
                                              " n.version = (SELECT max(v.version) FROM record_versions v"             \
                                              " WHERE v.record_ref = n.record_ref AND v.state <> 'draft'))"            \
                                              " AND n.withdrawn = '' ORDER BY n.date DESC, n.ref DESC LIMIT $2")       \
    /* Each decision's story on a child's history: every version of it sent,                                           \
     * the decision first made, each correction and withdrawal, and the one                                            \
     * standing now (svc/view_case.h), newest first. */                                                                \
    STMT(CASE_NOTES_HISTORY_OF_CASE, CASE_NOTE_SELECT "WHERE n.case_ref = $1 AND (n.record_ref IS NULL OR"             \
                                                      " EXISTS (SELECT 1 FROM record_versions v"                       \
                                                      " WHERE v.record_ref = n.record_ref"                             \
                                                      " AND v.version = n.version AND v.state <> 'draft'))"            \
                                                      " ORDER BY n.date DESC, n.ref DESC LIMIT $2")                    \
    STMT(CASE_NOTES_COPY, "SELECT ref FROM case_notes WHERE record_ref = $1 AND version = $2 ORDER BY ref")            \
    STMT(CASE_NOTE_COPY, "INSERT INTO case_notes (case_ref, session_ref, record_ref, version, date,"                   \
                         " written_by_ref, written_at, prompts, synopsis, analysis, decision, rationale,"              \
                         " tasks, departs, departure, checklist, origin_ref, changed, withdrawn)"                      \
                         " SELECT case_ref, session_ref, record_ref, $2, date, written_by_ref, written_at,"            \
                         " prompts, synopsis, analysis, decision, rationale, tasks, departs, departure,"               \
                         " checklist, COALESCE(origin_ref, ref), 0, withdrawn FROM case_notes WHERE ref = $1"          \
                         " RETURNING ref")                                                                             \
    /* A decision carried into a draft version, corrected or withdrawn there. */                                       \
    STMT(CASE_NOTE_CORRECT, "UPDATE case_notes SET written_by_ref = $3, written_at = $4, decision = $5,"               \
                            " rationale = $6, changed = 1, withdrawn = '' WHERE ref = $1 AND version = $2")            \
    STMT(CASE_NOTE_WITHDRAW, "UPDATE case_notes SET written_by_ref = $3, written_at = $4, changed = 1,"                \
                             " withdrawn = $5 WHERE ref = $1 AND version = $2")                                        \
    /* The case discussions of a record's changed in its version $2 (new,                                              \
     * corrected or withdrawn there): what the workers are told of on sending. */                                      \
    STMT(CASE_NOTES_CHANGED_OF_VERSION, CASE_NOTE_SELECT "WHERE n.record_ref = $1 AND n.version = $2"                  \
                                                         " AND n.changed = 1 ORDER BY n.ref")                          \
    /* The record page's draft: the fields typed and not yet added. */                                                 \
    STMT(RECORD_DRAFT_CLEAR, "DELETE FROM record_drafts WHERE record_ref = $1 AND version = $2")                       \
    STMT(RECORD_DRAFT_PUT, "INSERT INTO record_drafts (record_ref, version, name, value, saved_at)"                    \
                           " VALUES ($1, $2, $3, $4, $5)")                                                             \
    STMT(RECORD_DRAFT_GET, "SELECT name, value FROM record_drafts WHERE record_ref = $1 AND version = $2"              \
                           " ORDER BY name")                                                                           \
    STMT(CASE_NOTE_ANSWERS_COPY, "INSERT INTO case_note_answers (note_ref, prompt, text)"                              \
                                 " SELECT $2, prompt, text FROM case_note_answers WHERE note_ref = $1")                \
    STMT(DISCUSSION_ADD_HELD, "INSERT INTO discussions (session_ref, case_ref, date, held)"                            \
                              " VALUES ($1, $2, $3, 1) ON CONFLICT DO NOTHING")                                        \
    STMT(DISCUSSION_ADD_PENDING, "INSERT INTO discussions (session_ref, case_ref, date, held)"                         \
                                 " VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING")                                     \
    /* Actions. */                                                                                                     \
    STMT(ACTION_ADD, "INSERT INTO actions (supervisee_ref, owner_ref, record_ref, case_ref, text,"                     \
                     " due_date, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) RETURNING ref")       \
    STMT(ACTION_GET, ACTION_SELECT "WHERE a.ref = $1")                                                                 \
    STMT(ACTIONS_OPEN_OF, ACTION_SELECT "WHERE a.supervisee_ref = $1 AND a.status = 'open'"                            \
                                        " ORDER BY a.due_date, a.ref")                                                 \
    STMT(ACTIONS_OF, ACTION_SELECT "WHERE a.supervisee_ref = $1 ORDER BY a.status <> 'open', a.due_date DESC, a.ref"   \
                                   " LIMIT $2")                                                                        \
    STMT(ACTIONS_OF_RECORD, ACTION_SELECT "WHERE a.record_ref = $1 ORDER BY a.ref")                                    \
    /* Actions of earlier records followed up in this one (found from the                                              \
     * record's updates, action_updates_record, not by reading every action). */                                       \
    STMT(ACTIONS_FOLLOWED_UP_IN, ACTION_SELECT "WHERE (a.record_ref IS NULL OR a.record_ref <> $1) AND a.ref IN"       \
                                               " (SELECT u.action_ref FROM action_updates u WHERE u.record_ref = $1)"  \
                                               " ORDER BY a.ref")                                                      \
    STMT(ACTION_SET_STATUS, "UPDATE actions SET status = $2, closed_at = $3 WHERE ref = $1")                           \
    STMT(ACTION_UPDATE_ADD, "INSERT INTO action_updates (action_ref, record_ref, at, by_ref, status, note)"            \
                            " VALUES ($1, $2, $3, $4, $5, $6)")                                                        \
    /* The owner says it is done: the supervisor confirms it (ACTION_SET_STATUS). */                                   \
    STMT(ACTION_REPORT, "UPDATE actions SET reported_at = $2 WHERE ref = $1 AND status = 'open'")                      \
    STMT(ACTION_REPORT_ADD, "INSERT INTO action_updates (action_ref, record_ref, at, by_ref, status, note,"            \
                            " reported) VALUES ($1, NULL, $2, $3, 'open', $4, 1)")                                     \
    STMT(ACTION_UPDATES, "SELECT u.at, s.id, s.name, u.status, u.note, r.date, u.reported, u.record_ref"               \
                         " FROM action_updates u"                                                                      \
                         " JOIN staff s ON s.ref = u.by_ref LEFT JOIN records r ON r.ref = u.record_ref"               \
                         " WHERE u.action_ref = $1 ORDER BY u.ref")                                                    \
    /* Disagreements and escalations. */                                                                               \
    STMT(DISAGREEMENT_ADD, "INSERT INTO disagreements (record_ref, version, by_ref, at, text)"                         \
                           " VALUES ($1, $2, $3, $4, $5)")                                                             \
    STMT(DISAGREEMENTS_OF, "SELECT d.version, d.at, s.id, s.name, d.text FROM disagreements d"                         \
                           " JOIN staff s ON s.ref = d.by_ref WHERE d.record_ref = $1 ORDER BY d.ref")                 \
    STMT(ESCALATION_ADD, "INSERT INTO escalations (subject, supervisee_ref, supervisor_ref, record_ref,"               \
                         " raised_by_ref, raised_at, level, assignee_ref, service_ref, respond_by, status)"            \
                         " VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, 'open') RETURNING ref")                      \
    STMT(ESCALATION_GET, ESCALATION_SELECT "WHERE e.ref = $1")                                                         \
    STMT(ESCALATION_OPEN_FOR_RECORD, "SELECT ref FROM escalations WHERE record_ref = $1 AND status = 'open'")          \
    STMT(ESCALATION_RAISE_LEVEL, "UPDATE escalations SET level = 2, respond_by = $2 WHERE ref = $1"                    \
                                 " AND level = 1 AND status = 'open'")                                                 \
    STMT(ESCALATION_RESOLVE, "UPDATE escalations SET status = 'resolved' WHERE ref = $1 AND status = 'open'")          \
    STMT(ESCALATION_EVENT_ADD, "INSERT INTO escalation_events (escalation_ref, at, by_ref, kind, text)"                \
                               " VALUES ($1, $2, $3, $4, $5)")                                                         \
    STMT(ESCALATION_EVENTS, "SELECT e.at, s.id, s.name, e.kind, e.text FROM escalation_events e"                       \
                            " JOIN staff s ON s.ref = e.by_ref WHERE e.escalation_ref = $1 ORDER BY e.ref")            \
    STMT(ESCALATIONS_FOR, ESCALATION_SELECT "WHERE e.assignee_ref = $1 OR e.raised_by_ref = $1"                        \
                                            " OR e.supervisee_ref = $1 OR e.supervisor_ref = $1"                       \
                                            " OR (e.level = 2 AND v.name IN (SELECT scope FROM user_roles"             \
                                            "     WHERE user_ref = $2 AND role = 'senior-manager'))"                   \
                                            " ORDER BY e.status, e.respond_by, e.ref")                                 \
    STMT(ESCALATIONS_ALL, ESCALATION_SELECT "ORDER BY e.status, e.respond_by, e.ref")                                  \
    /* Calendar feeds. */                                                                                              \
    STMT(CALENDAR_FEED_SET, "INSERT INTO calendar_feeds (staff_ref, token_hash, created_at) VALUES ($1, $2, $3)"       \
                            " ON CONFLICT (staff_ref) DO UPDATE SET token_hash = excluded.token_hash,"                 \
                            " created_at = excluded.created_at")                                                       \
    /* Only an enabled account's feed answers. */                                                                      \
    STMT(CALENDAR_FEED_FIND, "SELECT f.staff_ref FROM calendar_feeds f"                                                \
                             " JOIN users u ON u.staff_ref = f.staff_ref AND u.disabled = 0"                           \
                             " WHERE f.token_hash = $1")                                                               \
    STMT(CALENDAR_FEED_OF, "SELECT created_at FROM calendar_feeds WHERE staff_ref = $1")                               \
    /* The inbox. */                                                                                                   \
    STMT(INBOX_ADD, "INSERT INTO inbox (staff_ref, at, text, link) VALUES ($1, $2, $3, $4)")                           \
    STMT(INBOX_OF, "SELECT ref, at, text, link, read_at FROM inbox WHERE staff_ref = $1"                               \
                   " ORDER BY ref DESC LIMIT $2")                                                                      \
    STMT(INBOX_UNREAD, "SELECT count(*) FROM inbox WHERE staff_ref = $1 AND read_at IS NULL")                          \
    STMT(INBOX_READ_ALL, "UPDATE inbox SET read_at = $2 WHERE staff_ref = $1 AND read_at IS NULL")

#endif
