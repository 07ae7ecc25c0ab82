/* statements.h: every SQL statement Oversight runs, by name, in one table.
 *
 * Each entry is STMT(NAME, SQL) when both backends take the same text, or
 * STMT2(NAME, SQLITE_SQL, POSTGRESQL_SQL) when the dialects differ.
 * Parameters are written $1, $2, ... (the SQLite backend turns them into ?1,
 * ?2, ... when it prepares the statement). Dates are 'YYYY-MM-DD' text in and out; booleans are 0/1.
 * Only store.c expands the SQL; everyone else sees the StmtId names. */
#ifndef OV_STATEMENTS_H
#define OV_STATEMENTS_H

/* The columns the due queries return, in order. */
enum { DUE_STAFF_REF, DUE_STAFF_ID, DUE_STAFF_NAME, DUE_STAFF_ROLE, DUE_STAFF_START, DUE_STAFF_FTE,
       DUE_STAFF_LEFT, DUE_STAFF_SUPERVISOR, DUE_STAFF_TEAM, DUE_STAFF_LAST, DUE_STAFF_SUPERVISOR_NAME };
enum { DUE_CASE_ID, DUE_CASE_CATEGORY, DUE_CASE_WORKER_REF, DUE_CASE_WORKER, DUE_CASE_ALLOCATED,
       DUE_CASE_CLOSED, DUE_CASE_EVERY, DUE_CASE_LAST, DUE_CASE_WORKER_NAME };

#define DUE_STAFF_SELECT                                                                     \
    "SELECT s.ref, s.id, s.name, s.role, s.start_date, s.fte_ppm, s.left_date, sup.id, t.name," \
    " (SELECT max(a.date) FROM attendees a"                                                  \
    "   WHERE a.staff_ref = s.ref AND a.held_individual = 1 AND a.date <= $1), sup.name"     \
    " FROM staff s LEFT JOIN staff sup ON sup.ref = s.supervisor_ref"                       \
    " LEFT JOIN teams t ON t.ref = s.team_ref "

#define DUE_CASE_SELECT                                                                       \
    "SELECT c.id, c.category, c.worker_ref, w.id, c.allocated_date, c.closed_date, c.every,"  \
    " (SELECT max(d.date) FROM discussions d"                                                 \
    "   WHERE d.case_ref = c.ref AND d.held = 1 AND d.date <= $1), w.name"                    \
    " FROM staff w CROSS JOIN cases c"                                                        \
    " WHERE c.worker_ref = w.ref AND c.allocated_date <= $1"                                  \
    " AND (c.closed_date IS NULL OR c.closed_date > $1) "

/* Staff row s is supervised by $2, or in a team $2 manages (not $2 themselves). */
#define DUE_MANAGED(s)                                                                         \
    "(" s ".supervisor_ref = (SELECT ref FROM staff WHERE id = $2) OR " s ".team_ref IN"       \
    " (SELECT t.ref FROM teams t JOIN staff m ON m.ref = t.manager_ref WHERE m.id = $2))"      \
    " AND " s ".id <> $2 "
/* Staff row s is in a team of the service named $2. */
#define DUE_IN_SERVICE(s)                                                                      \
    s ".team_ref IN (SELECT t.ref FROM teams t JOIN services v ON v.ref = t.service_ref"       \
    " WHERE v.name = $2) "

#define COPY_PG_KEYS " OVERRIDING SYSTEM VALUE"
#define COPY_INSERT(table_columns, overriding, values) \
    "INSERT INTO " table_columns overriding " VALUES (" values ")"
/* A row written with its key as it was: PostgreSQL's identity columns need
 * to be told (OVERRIDING SYSTEM VALUE), SQLite's do not. */
#define COPY_WRITE(STMT2, name, table_columns, values) \
    STMT2(name, COPY_INSERT(table_columns, "", values), COPY_INSERT(table_columns, COPY_PG_KEYS, values))
#define COPY_STAFF_COLUMNS \
    "staff (ref, id, name, email, role, team_ref, start_date, fte_ppm, left_date)"
#define COPY_STAFF_VALUES "$1, $2, $3, $4, $5, $6, $7, $8, $9"
#define COPY_CASES_COLUMNS "cases (ref, id, category, worker_ref, allocated_date, closed_date, every)"
#define COPY_SESSIONS_COLUMNS "sessions (ref, id, date, supervisor_ref, type, status)"
#define COPY_USERS_COLUMNS \
    "users (ref, username, staff_ref, password_hash, disabled, created_at, password_changed_at," \
    " totp_secret, totp_enabled, totp_required, totp_last_step)"
#define COPY_SETVAL(table) \
    "setval(pg_get_serial_sequence('" table "', 'ref'), (SELECT coalesce(max(ref), 0) + 1 FROM " table "), false)"

#include "statements_supervision.h"

#define STATEMENTS(STMT, STMT2)                                                               \
    STMT(SCHEMA_INIT, "CREATE TABLE IF NOT EXISTS schema_migrations ("                       \
                      "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")               \
    STMT2(SCHEMA_EXISTS, "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'", \
          "SELECT count(*) FROM information_schema.tables"                                    \
          " WHERE table_name = 'schema_migrations' AND table_schema = current_schema()")      \
    STMT(SCHEMA_VERSION, "SELECT max(version) FROM schema_migrations")                        \
    STMT(SCHEMA_RECORD, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)") \
    STMT(GENERATION, "SELECT n FROM data_generation WHERE id = 1")                            \
    STMT(GENERATION_BUMP, "UPDATE data_generation SET n = n + 1 WHERE id = 1")                \
    STMT(SETTING_GET, "SELECT value FROM settings WHERE key = $1")                            \
    STMT(SETTING_PUT, "INSERT INTO settings (key, value) VALUES ($1, $2)"                     \
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value")              \
    STMT(IMPORT_LOG, "INSERT INTO imports (kind, file_name, rows, imported_at)"              \
                     " VALUES ($1, $2, $3, $4)")                                              \
    STMT(TEAM_FIND, "SELECT ref FROM teams WHERE name = $1")                                  \
    STMT(TEAM_ADD, "INSERT INTO teams (name) VALUES ($1) RETURNING ref")                      \
    STMT(TEAM_SET_MANAGER, "UPDATE teams SET manager_ref = $2 WHERE ref = $1")                \
    STMT(TEAM_SET, "UPDATE teams SET service_ref = $2, manager_ref = $3 WHERE ref = $1")      \
    STMT(SERVICE_FIND, "SELECT ref FROM services WHERE name = $1")                            \
    STMT(SERVICE_ADD, "INSERT INTO services (name) VALUES ($1) RETURNING ref")                \
    STMT(AUDIT_ADD, "INSERT INTO audit_log (at, user_ref, action, detail) VALUES ($1, $2, $3, $4)") \
    STMT(STAFF_FIND, "SELECT ref FROM staff WHERE id = $1")                                   \
    STMT(STAFF_COUNT, "SELECT count(*) FROM staff")                                           \
    STMT(STAFF_UPSERT,                                                                        \
         "INSERT INTO staff (id, name, email, role, team_ref, start_date, fte_ppm, left_date)" \
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"                                           \
         " ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email,"      \
         " role = excluded.role, team_ref = excluded.team_ref,"                               \
         " start_date = excluded.start_date, fte_ppm = excluded.fte_ppm,"                     \
         " left_date = excluded.left_date RETURNING ref")                                     \
    STMT(STAFF_SET_MANAGERS,                                                                  \
         "UPDATE staff SET supervisor_ref = $2, line_manager_ref = $3 WHERE ref = $1")        \
    STMT(CASE_FIND, "SELECT ref FROM cases WHERE id = $1")                                    \
    STMT(CASE_UPSERT,                                                                         \
         "INSERT INTO cases (id, category, worker_ref, allocated_date, closed_date, every)"   \
         " VALUES ($1, $2, $3, $4, $5, $6)"                                                   \
         " ON CONFLICT (id) DO UPDATE SET category = excluded.category,"                      \
         " worker_ref = excluded.worker_ref, allocated_date = excluded.allocated_date,"       \
         " closed_date = excluded.closed_date, every = excluded.every")                       \
    STMT(SESSION_FIND, "SELECT ref, date, status, type FROM sessions WHERE id = $1")          \
    STMT(SESSION_UPSERT,                                                                      \
         "INSERT INTO sessions (id, date, supervisor_ref, type, status)"                      \
         " VALUES ($1, $2, $3, $4, $5)"                                                       \
         " ON CONFLICT (id) DO UPDATE SET date = excluded.date,"                              \
         " supervisor_ref = excluded.supervisor_ref, type = excluded.type,"                   \
         " status = excluded.status")                                                         \
    /* By session id, so that a session's rows need no answer from the server. */           \
    STMT(ATTENDEES_CLEAR, "DELETE FROM attendees"                                             \
                          " WHERE session_ref = (SELECT ref FROM sessions WHERE id = $1)")    \
    STMT(ATTENDEE_ADD, "INSERT INTO attendees (session_ref, staff_ref, date, held_individual)" \
                       " SELECT ref, $2, $3, $4 FROM sessions WHERE id = $1")                 \
    STMT(DISCUSSIONS_RESYNC, "UPDATE discussions SET date = $2, held = $3"                    \
                             " WHERE session_ref = (SELECT ref FROM sessions WHERE id = $1)"  \
                             " AND (date <> $2 OR held <> $3)")                               \
    STMT(DISCUSSION_ADD, "INSERT INTO discussions (session_ref, case_ref, date, held)"        \
                         " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")                   \
    STMT(USER_ADD, "INSERT INTO users (username, staff_ref, password_hash, created_at,"        \
                   " password_changed_at) VALUES ($1, $2, $3, $4, $4) RETURNING ref")           \
    STMT(USER_FIND, "SELECT u.ref, u.password_hash, u.disabled, s.id, u.totp_enabled FROM users u" \
                    " LEFT JOIN staff s ON s.ref = u.staff_ref WHERE u.username = $1")          \
    STMT(USER_FIND_BY_STAFF, "SELECT ref FROM users WHERE staff_ref = $1")                    \
    STMT(USER_SET_PASSWORD, "UPDATE users SET password_hash = $2, password_changed_at = $3"   \
                            " WHERE ref = $1")                                                \
    STMT(USER_SET_DISABLED, "UPDATE users SET disabled = $2 WHERE ref = $1")                  \
    STMT(USER_ROLE_ADD, "INSERT INTO user_roles (user_ref, role, scope) VALUES ($1, $2, $3)"  \
                        " ON CONFLICT DO NOTHING")                                            \
    STMT(USER_LIST, "SELECT u.username, s.id, u.disabled, (SELECT count(*) FROM user_roles r" \
                    " WHERE r.user_ref = u.ref) FROM users u"                                 \
                    " LEFT JOIN staff s ON s.ref = u.staff_ref ORDER BY u.username")          \
    STMT(USER_ROLES, "SELECT role, scope FROM user_roles WHERE user_ref = $1 ORDER BY role, scope") \
    STMT(WEB_SESSIONS_END_FOR_USER, "UPDATE web_sessions SET ended_at = $2"                   \
                                    " WHERE user_ref = $1 AND ended_at IS NULL")              \
    STMT(WEB_SESSION_ADD, "INSERT INTO web_sessions (token_hash, user_ref, csrf_token, created_at,"   \
                          " last_seen_at, second_factor_due) VALUES ($1, $2, $3, $4, $4, $5)") \
    STMT(WEB_SESSION_FIND, "SELECT w.user_ref, w.csrf_token, w.created_at, w.last_seen_at,"   \
                           " u.username, s.id, s.name, s.ref, w.second_factor_due,"           \
                           " u.totp_enabled, u.totp_required FROM web_sessions w"             \
                           " JOIN users u ON u.ref = w.user_ref LEFT JOIN staff s ON s.ref = u.staff_ref" \
                           " WHERE w.token_hash = $1 AND w.ended_at IS NULL AND u.disabled = 0") \
    STMT(WEB_SESSION_TOUCH, "UPDATE web_sessions SET last_seen_at = $2 WHERE token_hash = $1") \
    STMT(WEB_SESSION_END, "UPDATE web_sessions SET ended_at = $2 WHERE token_hash = $1"       \
                          " AND ended_at IS NULL")                                            \
    STMT(USER_TOTP, "SELECT totp_secret, totp_enabled, totp_last_step, totp_required FROM users WHERE ref = $1") \
    STMT(USER_TOTP_PENDING, "UPDATE users SET totp_secret = $2 WHERE ref = $1 AND totp_enabled = 0") \
    /* Only a later step is taken: a code is never accepted twice, even by two servers. */  \
    STMT(USER_TOTP_USED, "UPDATE users SET totp_last_step = $2 WHERE ref = $1 AND totp_last_step < $2") \
    STMT(USER_TOTP_ENABLE, "UPDATE users SET totp_enabled = 1, totp_last_step = $2"           \
                           " WHERE ref = $1 AND totp_enabled = 0")                            \
    STMT(USER_TOTP_DISABLE, "UPDATE users SET totp_enabled = 0, totp_secret = NULL WHERE ref = $1") \
    STMT(SIGN_IN_FAILURE_ADD, "INSERT INTO sign_in_failures (username, at) VALUES ($1, $2)")  \
    STMT(SIGN_IN_FAILURES_SINCE, "SELECT count(*) FROM sign_in_failures WHERE username = $1 AND at >= $2") \
    STMT(SIGN_IN_FAILURES_CLEAR, "DELETE FROM sign_in_failures WHERE username = $1")          \
    /* access.c: $1 the person, case or team; $2 the viewer's staff ref (-1: none);        \
     * $3 the viewer's account. The line is walked upwards from $1. */                       \
    STMT(ACCESS_MANAGES, "SELECT CASE WHEN EXISTS (SELECT 1 FROM staff WHERE supervisor_ref = $1)" \
                         " OR EXISTS (SELECT 1 FROM staff WHERE line_manager_ref = $1)"        \
                         " OR EXISTS (SELECT 1 FROM teams WHERE manager_ref = $1) THEN 1 ELSE 0 END") \
    STMT(ACCESS_CASE_WORKER, "SELECT worker_ref FROM cases WHERE ref = $1")                   \
    STMT(ACCESS_PERSON,                                                                       \
         "WITH RECURSIVE up(ref, n) AS ("                                                     \
         " SELECT line_manager_ref, 1 FROM staff WHERE ref = $1 AND line_manager_ref IS NOT NULL" \
         " UNION ALL SELECT s.line_manager_ref, up.n + 1 FROM staff s JOIN up ON s.ref = up.ref" \
         " WHERE s.line_manager_ref IS NOT NULL AND up.n < 100)"                              \
         " SELECT CASE WHEN EXISTS (SELECT 1 FROM staff WHERE ref = $1 AND supervisor_ref = $2)" \
         " OR EXISTS (SELECT 1 FROM up WHERE ref = $2)"                                       \
         " OR EXISTS (SELECT 1 FROM staff s JOIN teams t ON t.ref = s.team_ref"               \
         "            WHERE s.ref = $1 AND t.manager_ref = $2)"                               \
         " OR EXISTS (SELECT 1 FROM staff s JOIN teams t ON t.ref = s.team_ref"               \
         "            JOIN services v ON v.ref = t.service_ref JOIN user_roles r ON r.scope = v.name" \
         "            WHERE s.ref = $1 AND r.user_ref = $3 AND r.role = 'senior-manager')"    \
         " THEN 1 ELSE 0 END")                                                                \
    STMT(ACCESS_TEAM,                                                                         \
         "WITH RECURSIVE up(ref, n) AS ("                                                     \
         " SELECT manager_ref, 0 FROM teams WHERE ref = $1 AND manager_ref IS NOT NULL"       \
         " UNION ALL SELECT s.line_manager_ref, up.n + 1 FROM staff s JOIN up ON s.ref = up.ref" \
         " WHERE s.line_manager_ref IS NOT NULL AND up.n < 100)"                              \
         " SELECT CASE WHEN EXISTS (SELECT 1 FROM up WHERE ref = $2)"                         \
         " OR EXISTS (SELECT 1 FROM teams t JOIN services v ON v.ref = t.service_ref"         \
         "            JOIN user_roles r ON r.scope = v.name"                                  \
         "            WHERE t.ref = $1 AND r.user_ref = $3 AND r.role = 'senior-manager')"    \
         " THEN 1 ELSE 0 END")                                                                \
    /* The pages: one person, case, team or service and their history. */                 \
    STMT(PAGE_PERSON, "SELECT s.ref, s.id, s.name, s.role, t.name, sup.id, sup.name, lm.id, lm.name," \
                      " s.start_date, s.left_date, s.fte_ppm FROM staff s"                    \
                      " LEFT JOIN teams t ON t.ref = s.team_ref"                              \
                      " LEFT JOIN staff sup ON sup.ref = s.supervisor_ref"                    \
                      " LEFT JOIN staff lm ON lm.ref = s.line_manager_ref WHERE s.id = $1")   \
    STMT(PAGE_PERSON_SESSIONS, "SELECT se.id, se.date, se.type, se.status, sup.id, sup.name"  \
                               " FROM attendees a JOIN sessions se ON se.ref = a.session_ref" \
                               " JOIN staff sup ON sup.ref = se.supervisor_ref"               \
                               " WHERE a.staff_ref = $1 ORDER BY se.date DESC, se.id DESC LIMIT $2") \
    STMT(PAGE_CASE, "SELECT c.ref, c.id, c.category, w.ref, w.id, w.name, c.allocated_date,"  \
                    " c.closed_date, c.every FROM cases c JOIN staff w ON w.ref = c.worker_ref" \
                    " WHERE c.id = $1")                                                       \
    STMT(PAGE_CASE_DISCUSSIONS, "SELECT se.id, se.date, se.type, se.status, sup.id, sup.name" \
                                " FROM discussions d JOIN sessions se ON se.ref = d.session_ref" \
                                " JOIN staff sup ON sup.ref = se.supervisor_ref"              \
                                " WHERE d.case_ref = $1 ORDER BY se.date DESC, se.id DESC LIMIT $2") \
    STMT(PAGE_TEAM, "SELECT t.ref, t.name, v.name, m.id, m.name FROM teams t"                 \
                    " LEFT JOIN services v ON v.ref = t.service_ref"                          \
                    " LEFT JOIN staff m ON m.ref = t.manager_ref WHERE t.name = $1")          \
    STMT(PAGE_SERVICES, "SELECT v.name, (SELECT count(*) FROM teams t WHERE t.service_ref = v.ref)" \
                        " FROM services v ORDER BY v.name")                                   \
    STMT(PAGE_SERVICE_TEAMS, "SELECT t.name, m.id, m.name FROM teams t"                       \
                             " JOIN services v ON v.ref = t.service_ref"                      \
                             " LEFT JOIN staff m ON m.ref = t.manager_ref WHERE v.name = $1 ORDER BY t.name") \
    STMT(DEMO_TEAM_OF, "SELECT m.id, lm.id, v.name FROM staff w JOIN teams t ON t.ref = w.team_ref" \
                       " JOIN staff m ON m.ref = t.manager_ref LEFT JOIN staff lm ON lm.ref = m.line_manager_ref" \
                       " LEFT JOIN services v ON v.ref = t.service_ref WHERE w.id = $1")      \
    /* Administration. */                                                                    \
    STMT(ADMIN_IMPORTS, "SELECT kind, file_name, rows, imported_at FROM imports ORDER BY ref DESC LIMIT 20") \
    STMT(ADMIN_AUDIT, "SELECT a.at, u.username, a.action, a.detail FROM audit_log a"          \
                      " LEFT JOIN users u ON u.ref = a.user_ref ORDER BY a.ref DESC LIMIT 30") \
    STMT(ADMIN_USERS, "SELECT u.username, s.id, s.name, u.disabled, u.totp_enabled, u.totp_required" \
                      " FROM users u LEFT JOIN staff s ON s.ref = u.staff_ref ORDER BY u.username") \
    STMT(ADMIN_USER_ROLES, "SELECT u.username, r.role, r.scope FROM user_roles r"              \
                           " JOIN users u ON u.ref = r.user_ref ORDER BY u.username, r.role, r.scope") \
    STMT(ADMIN_USER_REF, "SELECT ref FROM users WHERE username = $1")                         \
    STMT(USER_ROLE_REMOVE, "DELETE FROM user_roles WHERE user_ref = $1 AND role = $2 AND scope = $3") \
    STMT(USER_SET_TOTP_REQUIRED, "UPDATE users SET totp_required = $2 WHERE ref = $1")        \
    STMT(ADMIN_TEAMS, "SELECT t.name, v.name, m.id, m.name, (SELECT count(*) FROM staff s WHERE s.team_ref = t.ref)" \
                      " FROM teams t LEFT JOIN services v ON v.ref = t.service_ref"            \
                      " LEFT JOIN staff m ON m.ref = t.manager_ref ORDER BY v.name, t.name")   \
    /* migrate: every table read in key order and written with its keys as they are. */      \
    STMT(COPY_COUNTS, "SELECT (SELECT count(*) FROM settings), (SELECT count(*) FROM imports)," \
                      " (SELECT count(*) FROM services), (SELECT count(*) FROM teams),"         \
                      " (SELECT count(*) FROM staff),"                                         \
                      " (SELECT count(*) FROM cases), (SELECT count(*) FROM sessions),"         \
                      " (SELECT count(*) FROM attendees), (SELECT count(*) FROM discussions),"  \
                      " (SELECT count(*) FROM users), (SELECT count(*) FROM user_roles),"        \
                      " (SELECT count(*) FROM audit_log)")                                     \
    STMT(COPY_SETTINGS_READ, "SELECT key, value FROM settings ORDER BY key")                  \
    STMT(COPY_SETTINGS_WRITE, "INSERT INTO settings (key, value) VALUES ($1, $2)")            \
    STMT(COPY_IMPORTS_READ, "SELECT ref, kind, file_name, rows, imported_at FROM imports ORDER BY ref") \
    COPY_WRITE(STMT2, COPY_IMPORTS_WRITE, "imports (ref, kind, file_name, rows, imported_at)", "$1, $2, $3, $4, $5") \
    STMT(COPY_SERVICES_READ, "SELECT ref, name FROM services ORDER BY ref")                   \
    COPY_WRITE(STMT2, COPY_SERVICES_WRITE, "services (ref, name)", "$1, $2") \
    STMT(COPY_TEAMS_READ, "SELECT ref, name, service_ref FROM teams ORDER BY ref")            \
    COPY_WRITE(STMT2, COPY_TEAMS_WRITE, "teams (ref, name, service_ref)", "$1, $2, $3") \
    STMT(COPY_TEAM_MANAGERS_READ, "SELECT ref, manager_ref FROM teams"                        \
                                  " WHERE manager_ref IS NOT NULL ORDER BY ref")              \
    /* Staff first without their links (which may point forward), then the links. */        \
    STMT(COPY_STAFF_READ, "SELECT ref, id, name, email, role, team_ref, start_date, fte_ppm, left_date" \
                          " FROM staff ORDER BY ref")                                         \
    COPY_WRITE(STMT2, COPY_STAFF_WRITE, COPY_STAFF_COLUMNS, COPY_STAFF_VALUES) \
    STMT(COPY_STAFF_LINKS_READ, "SELECT ref, supervisor_ref, line_manager_ref FROM staff"     \
                                " WHERE supervisor_ref IS NOT NULL OR line_manager_ref IS NOT NULL ORDER BY ref") \
    STMT(COPY_CASES_READ, "SELECT ref, id, category, worker_ref, allocated_date, closed_date, every" \
                          " FROM cases ORDER BY ref")                                         \
    COPY_WRITE(STMT2, COPY_CASES_WRITE, COPY_CASES_COLUMNS, "$1, $2, $3, $4, $5, $6, $7") \
    STMT(COPY_SESSIONS_READ, "SELECT ref, id, date, supervisor_ref, type, status FROM sessions ORDER BY ref") \
    COPY_WRITE(STMT2, COPY_SESSIONS_WRITE, COPY_SESSIONS_COLUMNS, "$1, $2, $3, $4, $5, $6") \
    STMT(COPY_ATTENDEES_READ, "SELECT session_ref, staff_ref, date, held_individual FROM attendees" \
                              " ORDER BY session_ref, staff_ref")                             \
    STMT(COPY_ATTENDEES_WRITE, "INSERT INTO attendees (session_ref, staff_ref, date, held_individual)" \
                               " VALUES ($1, $2, $3, $4)")                                    \
    STMT(COPY_DISCUSSIONS_READ, "SELECT session_ref, case_ref, date, held FROM discussions"   \
                                " ORDER BY session_ref, case_ref")                            \
    STMT(COPY_DISCUSSIONS_WRITE, "INSERT INTO discussions (session_ref, case_ref, date, held)" \
                                 " VALUES ($1, $2, $3, $4)")                                  \
    STMT(COPY_USERS_READ, "SELECT ref, username, staff_ref, password_hash, disabled, created_at," \
                          " password_changed_at, totp_secret, totp_enabled, totp_required,"   \
                          " totp_last_step FROM users ORDER BY ref")                          \
    COPY_WRITE(STMT2, COPY_USERS_WRITE, COPY_USERS_COLUMNS, "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11") \
    STMT(COPY_USER_ROLES_READ, "SELECT user_ref, role, scope FROM user_roles"                 \
                               " ORDER BY user_ref, role, scope")                             \
    STMT(COPY_USER_ROLES_WRITE, "INSERT INTO user_roles (user_ref, role, scope) VALUES ($1, $2, $3)") \
    STMT(COPY_AUDIT_LOG_READ, "SELECT ref, at, user_ref, action, detail FROM audit_log ORDER BY ref") \
    COPY_WRITE(STMT2, COPY_AUDIT_LOG_WRITE, "audit_log (ref, at, user_ref, action, detail)", "$1, $2, $3, $4, $5") \
    /* Keys were written as they were: new rows must be numbered after them. */              \
    STMT2(COPY_RENUMBER, "SELECT 1",                                                          \
          "SELECT " COPY_SETVAL("imports") ", " COPY_SETVAL("services") ", " COPY_SETVAL("teams") ", " COPY_SETVAL("staff") \
          ", " COPY_SETVAL("cases") ", " COPY_SETVAL("sessions") ", " COPY_SETVAL("users") ", " COPY_SETVAL("audit_log"))                             \
    STMT(DUE_STAFF_ALL, DUE_STAFF_SELECT)                                                     \
    STMT(DUE_STAFF_TEAM, DUE_STAFF_SELECT                                                     \
         "WHERE s.team_ref = (SELECT ref FROM teams WHERE name = $2)")                        \
    STMT(DUE_STAFF_SUPERVISOR, DUE_STAFF_SELECT                                               \
         "WHERE s.supervisor_ref = (SELECT ref FROM staff WHERE id = $2)")                    \
    STMT(DUE_STAFF_ONE, DUE_STAFF_SELECT "WHERE s.id = $2")                                   \
    STMT(DUE_CASES_ALL, DUE_CASE_SELECT)                                                      \
    STMT(DUE_CASES_TEAM, DUE_CASE_SELECT                                                      \
         "AND w.team_ref = (SELECT ref FROM teams WHERE name = $2)")                          \
    STMT(DUE_CASES_SUPERVISOR, DUE_CASE_SELECT                                                \
         "AND w.supervisor_ref = (SELECT ref FROM staff WHERE id = $2)")                      \
    STMT(DUE_CASES_WORKER, DUE_CASE_SELECT "AND w.id = $2")                                  \
    STMT(DUE_STAFF_MANAGER, DUE_STAFF_SELECT "WHERE " DUE_MANAGED("s"))                       \
    STMT(DUE_CASES_MANAGER, DUE_CASE_SELECT "AND " DUE_MANAGED("w"))                          \
    STMT(DUE_STAFF_SERVICE, DUE_STAFF_SELECT "WHERE " DUE_IN_SERVICE("s"))                    \
    STMT(DUE_CASES_SERVICE, DUE_CASE_SELECT "AND " DUE_IN_SERVICE("w"))                       \
    SUPERVISION_STATEMENTS(STMT, STMT2)

#define STMT_ENUM(name, sql) STMT_##name,
#define STMT2_ENUM(name, sqlite, pg) STMT_##name,
typedef enum { STATEMENTS(STMT_ENUM, STMT2_ENUM) STMT_COUNT } StmtId;
#undef STMT_ENUM
#undef STMT2_ENUM

typedef enum { DIALECT_SQLITE, DIALECT_POSTGRESQL } Dialect;

/* The statement's text in a dialect (static storage), and its name. */
const char *stmt_sql(StmtId id, Dialect d);
const char *stmt_name(StmtId id);

#endif
