/* statements_audit.h: the named statements of quality audits (svc/audit.c,
 * sql/<dialect>/023_audits.sql), part of the one table in statements.h,
 * which includes this file. Same rules: $1, $2, ... parameters. */
#ifndef OV_STATEMENTS_AUDIT_H
#define OV_STATEMENTS_AUDIT_H

/* An audit's columns, in the order svc/audit.c reads them (AU_* there). */
#define AUDIT_SELECT                                                                                          \
    "SELECT a.ref, a.draw_ref, a.auditor_ref, a.kind, coalesce(a.record_ref, 0), coalesce(a.version, 0),"     \
    " coalesce(a.case_ref, 0), coalesce(a.supervisor_ref, 0), a.subject_ref, a.state, coalesce(a.grade, '')," \
    " a.findings, coalesce(a.saved_at, 0), coalesce(a.completed_at, 0), d.quarter, v.name, s.id, s.name,"     \
    " coalesce(c.id, ''), coalesce(r.date, ''), u.username, coalesce(sup.name, ''),"                          \
    " (SELECT count(*) FROM audit_actions x WHERE x.audit_ref = a.ref AND x.status <> 'closed'),"             \
    " coalesce(u.staff_ref, 0)"                                                                               \
    " FROM audits a JOIN audit_draws d ON d.ref = a.draw_ref JOIN services v ON v.ref = d.service_ref"        \
    " JOIN staff s ON s.ref = a.subject_ref LEFT JOIN cases c ON c.ref = a.case_ref"                          \
    " LEFT JOIN records r ON r.ref = a.record_ref JOIN users u ON u.ref = a.auditor_ref"                      \
    " LEFT JOIN staff sup ON sup.ref = a.supervisor_ref"

/* A candidate record is a supervision record of a supervisee in one of the
 * service's teams, held in the quarter, with a sent or signed version (the
 * latest such is audited), whose texts were not purged. */
#define AUDIT_RECORD_SENT "v.record_ref = r.ref AND v.state IN ('sent', 'signed')"

#define AUDIT_STATEMENTS(STMT, STMT2)                                                                                  \
    STMT(AUDIT_SERVICE_REF, "SELECT ref FROM services WHERE name = $1")                                                \
    /* The draw of service $1 and quarter $2. */                                                                       \
    STMT(AUDIT_DRAW_GET, "SELECT ref, seed, drawn_at, records_eligible, cases_eligible FROM audit_draws"               \
                         " WHERE service_ref = $1 AND quarter = $2")                                                   \
    STMT(AUDIT_DRAW_ADD, "INSERT INTO audit_draws (service_ref, quarter, seed, drawn_at, drawn_by, actor,"             \
                         " records_eligible, cases_eligible) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ref")   \
    /* Candidates of service $1 in the quarter $2..$3, in ref order: ref, version, supervisor, supervisee,             \
     * confidential (an item confidential now, not lifted). */                                                         \
    STMT(AUDIT_RECORD_CANDIDATES,                                                                                      \
         "SELECT r.ref, (SELECT max(v.version) FROM record_versions v WHERE " AUDIT_RECORD_SENT "),"                   \
         " r.supervisor_ref, r.supervisee_ref, CASE WHEN EXISTS (SELECT 1 FROM record_confidential k"                  \
         " WHERE k.record_ref = r.ref AND k.lifted_at IS NULL) THEN 1 ELSE 0 END"                                      \
         " FROM records r JOIN staff s ON s.ref = r.supervisee_ref JOIN teams t ON t.ref = s.team_ref"                 \
         " WHERE t.service_ref = $1 AND r.date >= $2 AND r.date <= $3"                                                 \
         " AND EXISTS (SELECT 1 FROM record_versions v WHERE " AUDIT_RECORD_SENT ")"                                   \
         " AND NOT EXISTS (SELECT 1 FROM purges p WHERE p.record_ref = r.ref) ORDER BY r.ref")                         \
    /* Case files of service $1 open at some time in $2..$3: ref, worker, the worker's supervisor. */                  \
    STMT(AUDIT_CASE_CANDIDATES,                                                                                        \
         "SELECT c.ref, c.worker_ref, coalesce(w.supervisor_ref, 0) FROM cases c JOIN staff w ON w.ref = c.worker_ref" \
         " JOIN teams t ON t.ref = w.team_ref WHERE t.service_ref = $1 AND c.allocated_date <= $3"                     \
         " AND (c.closed_date IS NULL OR c.closed_date >= $2) ORDER BY c.ref")                                         \
    /* Who audits service $1 (by name): its senior managers and every QA auditor, enabled, in ref order. */            \
    STMT(AUDIT_AUDITORS, "SELECT u.ref, coalesce(u.staff_ref, 0) FROM users u WHERE u.disabled = 0 AND EXISTS"         \
                         " (SELECT 1 FROM user_roles x WHERE x.user_ref = u.ref AND (x.role = 'auditor'"               \
                         " OR (x.role = 'senior-manager' AND x.scope = $1))) ORDER BY u.ref")                          \
    STMT(AUDIT_ITEM_ADD,                                                                                               \
         "INSERT INTO audits (draw_ref, auditor_ref, kind, record_ref, version, case_ref, supervisor_ref,"             \
         " subject_ref, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'assigned')")                                   \
    STMT(AUDIT_GET, AUDIT_SELECT " WHERE a.ref = $1")                                                                  \
    STMT(AUDITS_OF_AUDITOR, AUDIT_SELECT " WHERE a.auditor_ref = $1 ORDER BY d.quarter DESC, a.ref")                   \
    STMT(AUDITS_OF_SUPERVISOR,                                                                                         \
         AUDIT_SELECT " WHERE a.supervisor_ref = $1 AND a.state = 'completed' ORDER BY a.completed_at DESC, a.ref")    \
    STMT(AUDITS_OF_DRAW, AUDIT_SELECT " WHERE a.draw_ref = $1 ORDER BY a.ref")                                         \
    STMT(AUDIT_ANSWERS, "SELECT question, grade, comment FROM audit_answers WHERE audit_ref = $1")                     \
    STMT(AUDIT_ANSWERS_CLEAR, "DELETE FROM audit_answers WHERE audit_ref = $1")                                        \
    STMT(AUDIT_ANSWER_ADD, "INSERT INTO audit_answers (audit_ref, question, grade, comment) VALUES ($1, $2, $3, $4)")  \
    /* $2 state, $3 grade (NULL: none yet), $4 findings, $5 saved_at, $6 completed_at; never a completed one. */       \
    STMT(AUDIT_SAVE, "UPDATE audits SET state = $2, grade = $3, findings = $4, saved_at = $5, completed_at = $6"       \
                     " WHERE ref = $1 AND state <> 'completed'")                                                       \
    STMT(AUDIT_ACTIONS, "SELECT x.ref, x.audit_ref, x.owner_ref, s.name, x.text, x.due_date, x.status, x.created_at,"  \
                        " coalesce(x.done_at, 0), x.done_note, coalesce(x.closed_at, 0) FROM audit_actions x"          \
                        " JOIN staff s ON s.ref = x.owner_ref WHERE x.audit_ref = $1 ORDER BY x.ref")                  \
    STMT(AUDIT_ACTION_AUDIT, "SELECT audit_ref FROM audit_actions WHERE ref = $1")                                     \
    STMT(AUDIT_ACTION_ADD, "INSERT INTO audit_actions (audit_ref, owner_ref, text, due_date, status, created_at)"      \
                           " VALUES ($1, $2, $3, $4, 'open', $5) RETURNING ref")                                       \
    STMT(AUDIT_ACTION_DONE, "UPDATE audit_actions SET status = 'done', done_at = $2, done_note = $3"                   \
                            " WHERE ref = $1 AND status = 'open'")                                                     \
    STMT(AUDIT_ACTION_CLOSE, "UPDATE audit_actions SET status = 'closed', closed_at = $2"                              \
                             " WHERE ref = $1 AND status = 'done'")                                                    \
    /* Service $1's audits by quarter, state and grade, newest quarter first. */                                       \
    STMT(AUDIT_SUMMARY, "SELECT d.quarter, a.state, coalesce(a.grade, ''), count(*) FROM audits a"                     \
                        " JOIN audit_draws d ON d.ref = a.draw_ref WHERE d.service_ref = $1"                           \
                        " GROUP BY d.quarter, a.state, a.grade ORDER BY d.quarter DESC")                               \
    /* ... and their remedial actions by quarter and status, with how many are past due on $2 and not closed. */       \
    STMT(AUDIT_SUMMARY_ACTIONS,                                                                                        \
         "SELECT d.quarter, x.status, count(*), sum(CASE WHEN x.status <> 'closed' AND x.due_date < $2 THEN 1"         \
         " ELSE 0 END) FROM audit_actions x JOIN audits a ON a.ref = x.audit_ref JOIN audit_draws d"                   \
         " ON d.ref = a.draw_ref WHERE d.service_ref = $1 GROUP BY d.quarter, x.status ORDER BY d.quarter DESC")

#endif
