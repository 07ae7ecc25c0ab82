/* statements_feedback.h: the named statements of feedback on supervision,
 * workload concerns and caseloads (svc/feedback.c, svc/workload.c,
 * sql/<dialect>/024_feedback_workload.sql), part of the one table in
 * statements.h, which includes this file. Same rules: $1, $2, ...
 * parameters; dates 'YYYY-MM-DD'; quarters 'YYYY-Qn'. */
#ifndef OV_STATEMENTS_FEEDBACK_H
#define OV_STATEMENTS_FEEDBACK_H

/* The columns of a workload concern, in the order svc/workload.c reads them
 * (WL_* there): the worker, the supervisor it went to and the supervisor's
 * line manager now, the service, what was said and what was answered. */
#define WORKLOAD_SELECT                                                                                           \
    "SELECT w.ref, w.staff_ref, s.id, s.name, coalesce(w.supervisor_ref, 0), coalesce(sup.name, ''),"             \
    " coalesce(sup.line_manager_ref, 0), coalesce(lm.name, ''), coalesce(v.name, ''), w.raised_at,"               \
    " w.raised_date, w.text, w.status, coalesce(w.response, ''), coalesce(rb.name, ''), coalesce(w.responded_at," \
    " 0) FROM workload_concerns w JOIN staff s ON s.ref = w.staff_ref"                                            \
    " LEFT JOIN staff sup ON sup.ref = w.supervisor_ref LEFT JOIN staff lm ON lm.ref = sup.line_manager_ref"      \
    " LEFT JOIN services v ON v.ref = w.service_ref LEFT JOIN staff rb ON rb.ref = w.responded_by_ref "

/* A worker's open cases on $2 (as the due list counts them), for the staff in
 * post on $2 that the WHERE clause after it chooses. */
#define CASELOAD_SELECT                                                                 \
    "SELECT s.id, s.name, s.role, coalesce(t.name, ''), (SELECT count(*) FROM cases c"  \
    " WHERE c.worker_ref = s.ref AND c.allocated_date <= $2 AND (c.closed_date IS NULL" \
    " OR c.closed_date > $2)) FROM staff s LEFT JOIN teams t ON t.ref = s.team_ref"     \
    " WHERE (s.left_date IS NULL OR s.left_date >= $2) AND "

#define FEEDBACK_STATEMENTS(STMT, STMT2)                                                                          \
    /* A record's supervisee and the state of its latest version. */                                              \
    STMT(FEEDBACK_RECORD, "SELECT r.supervisee_ref, v.state FROM records r JOIN record_versions v"                \
                          " ON v.record_ref = r.ref AND v.version = r.latest_version WHERE r.ref = $1")           \
    /* Where a person works now: team, service, supervisor (0 when none). */                                      \
    STMT(FEEDBACK_PLACE, "SELECT coalesce(s.team_ref, 0), coalesce(t.service_ref, 0),"                            \
                         " coalesce(s.supervisor_ref, 0) FROM staff s LEFT JOIN teams t ON t.ref = s.team_ref"    \
                         " WHERE s.ref = $1")                                                                     \
    STMT(FEEDBACK_MARK_GET, "SELECT answered FROM feedback_marks WHERE record_ref = $1")                          \
    STMT(FEEDBACK_MARK_ADD, "INSERT INTO feedback_marks (record_ref, staff_ref, team_ref, service_ref, quarter,"  \
                            " answered) VALUES ($1, $2, $3, $4, $5, $6)")                                         \
    STMT(FEEDBACK_MARK_ANSWER, "UPDATE feedback_marks SET answered = 1, team_ref = $2, service_ref = $3,"         \
                               " quarter = $4 WHERE record_ref = $1 AND answered = 0")                            \
    STMT(FEEDBACK_ANSWER_ADD, "INSERT INTO feedback_answers (id, team_ref, service_ref, quarter, q1, q2, q3, q4," \
                              " comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")                            \
    /* A team by name: its ref, manager (0 when none) and service ("" when none). */                              \
    STMT(FEEDBACK_TEAM, "SELECT t.ref, coalesce(t.manager_ref, 0), coalesce(v.name, ''), coalesce(v.ref, 0)"      \
                        " FROM teams t LEFT JOIN services v ON v.ref = t.service_ref WHERE t.name = $1")          \
    STMT(FEEDBACK_SERVICE, "SELECT ref FROM services WHERE name = $1")                                            \
    /* The distinct people who answered in quarter $1, by team, of team $2 or of service $3 (each -1 when not     \
     * asked): from the marks, which hold no answers. */                                                          \
    STMT(FEEDBACK_PEOPLE, "SELECT coalesce(m.team_ref, 0), coalesce(t.name, ''), count(DISTINCT m.staff_ref)"     \
                          " FROM feedback_marks m LEFT JOIN teams t ON t.ref = m.team_ref WHERE m.quarter = $1"   \
                          " AND m.answered = 1 AND (m.team_ref = $2 OR m.service_ref = $3)"                       \
                          " GROUP BY m.team_ref, t.name ORDER BY t.name")                                         \
    STMT(FEEDBACK_PEOPLE_TOTAL, "SELECT count(DISTINCT staff_ref) FROM feedback_marks WHERE quarter = $1"         \
                                " AND answered = 1 AND (team_ref = $2 OR service_ref = $3)")                      \
    /* The answers of quarter $1 for team $2 or service $3, in the order of their random ids. */                  \
    STMT(FEEDBACK_ANSWERS, "SELECT coalesce(team_ref, 0), q1, q2, q3, q4, comment FROM feedback_answers"          \
                           " WHERE quarter = $1 AND (team_ref = $2 OR service_ref = $3) ORDER BY id")             \
    /* The quarters with answers for team $1 or service $2, newest first. */                                      \
    /* The quarters of team $1 or service $2 before quarter $3 with at least $4 people who answered. */           \
    STMT(FEEDBACK_QUARTERS, "SELECT quarter FROM feedback_marks WHERE answered = 1"                               \
                            " AND (team_ref = $1 OR service_ref = $2) AND quarter < $3 GROUP BY quarter"          \
                            " HAVING count(DISTINCT staff_ref) >= $4 ORDER BY quarter DESC")                      \
    STMT(WORKLOAD_ADD, "INSERT INTO workload_concerns (staff_ref, supervisor_ref, service_ref, raised_at,"        \
                       " raised_date, text, status) VALUES ($1, $2, $3, $4, $5, $6, 'open') RETURNING ref")       \
    STMT(WORKLOAD_GET, WORKLOAD_SELECT "WHERE w.ref = $1")                                                        \
    STMT(WORKLOAD_OF_STAFF, WORKLOAD_SELECT "WHERE w.staff_ref = $1 ORDER BY w.raised_at DESC, w.ref DESC")       \
    /* Open concerns that went to supervisor $1 or to a supervisor whose line manager $1 is now. */               \
    STMT(WORKLOAD_OPEN_MANAGED, WORKLOAD_SELECT "WHERE w.status = 'open' AND (w.supervisor_ref = $1"              \
                                                " OR sup.line_manager_ref = $1) ORDER BY w.raised_at, w.ref")     \
    /* Concerns in service $1 that are open or were raised on or after $2. */                                     \
    STMT(WORKLOAD_SERVICE, WORKLOAD_SELECT "WHERE v.name = $1 AND (w.status = 'open' OR w.raised_date >= $2)"     \
                                           " ORDER BY w.raised_at, w.ref")                                        \
    STMT(WORKLOAD_RESPOND, "UPDATE workload_concerns SET status = 'answered', response = $2,"                     \
                           " responded_by_ref = $3, responded_at = $4 WHERE ref = $1 AND status = 'open'")        \
    STMT(CASELOAD_TEAM, CASELOAD_SELECT "t.name = $1 ORDER BY s.name, s.id")                                      \
    STMT(CASELOAD_SERVICE, CASELOAD_SELECT "t.service_ref = (SELECT ref FROM services WHERE name = $1)"           \
                                           " ORDER BY t.name, s.name, s.id")                                      \
    STMT(CASELOAD_ONE, CASELOAD_SELECT "s.ref = $1")

#endif
