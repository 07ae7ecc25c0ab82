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
enum {
    DUE_STAFF_REF,
    DUE_STAFF_ID,
    DUE_STAFF_NAME,
    DUE_STAFF_ROLE,
    DUE_STAFF_START,
    DUE_STAFF_FTE,
    DUE_STAFF_LEFT,
    DUE_STAFF_SUPERVISOR,
    DUE_STAFF_TEAM,
    DUE_STAFF_LAST,
    DUE_STAFF_SUPERVISOR_NAME,
    DUE_STAFF_AGREEMENT_EVERY
};
enum {
    DUE_CASE_ID,
    DUE_CASE_CATEGORY,
    DUE_CASE_WORKER_REF,
    DUE_CASE_ALLOCATED,
    DUE_CASE_CLOSED,
    DUE_CASE_EVERY,
    DUE_CASE_LAST,
    DUE_CASE_NAME /* the child's name or initials, NULL when none */
};

/* The columns of svc/search.c's statements, in order. */
enum { SEARCH_PERSON_REF, SEARCH_PERSON_ID, SEARCH_PERSON_NAME, SEARCH_PERSON_ROLE, SEARCH_PERSON_TEAM };
enum {
    SEARCH_CASE_REF,
    SEARCH_CASE_ID,
    SEARCH_CASE_NAME,
    SEARCH_CASE_CATEGORY,
    SEARCH_CASE_CLOSED,
    SEARCH_CASE_WORKER_ID,
    SEARCH_CASE_WORKER_NAME,
    SEARCH_CASE_WORKER_REF
};
enum {
    SEARCH_RECORD_REF,
    SEARCH_RECORD_DATE,
    SEARCH_RECORD_STATE,
    SEARCH_RECORD_SUPERVISEE_ID,
    SEARCH_RECORD_SUPERVISEE_NAME,
    SEARCH_RECORD_SUPERVISOR_ID,
    SEARCH_RECORD_SUPERVISOR_NAME,
    SEARCH_RECORD_SUPERVISEE_REF,
    SEARCH_RECORD_SUPERVISOR_REF
};

#define DUE_STAFF_SELECT                                                                        \
    "SELECT s.ref, s.id, s.name, s.role, s.start_date, s.fte_ppm, s.left_date, sup.id, t.name," \
    " (SELECT max(a.date) FROM attendees a"                                                     \
    "   WHERE a.staff_ref = s.ref AND a.held_individual = 1 AND a.date <= $1), sup.name,"       \
    " (SELECT g.every FROM agreements g WHERE g.supervisee_ref = s.ref"                         \
    "   AND g.supervisor_ref = s.supervisor_ref AND g.superseded_at IS NULL"                    \
    "   AND g.agreed_date <= CAST($1 AS TEXT) ORDER BY g.ref DESC LIMIT 1)"                     \
    " FROM staff s LEFT JOIN staff sup ON sup.ref = s.supervisor_ref"                           \
    " LEFT JOIN teams t ON t.ref = s.team_ref "

/* The open cases with the date each was last discussed. For the whole
 * organisation the cases are read in ref order (DUE_CASES_ALL), so that the
 * seeks into discussions_case for their last discussions go forward through
 * the index, each page read once; a part of it is found from its workers. */
#define DUE_CASE_COLUMNS                                                               \
    "SELECT c.id, c.category, c.worker_ref, c.allocated_date, c.closed_date, c.every," \
    " (SELECT max(d.date) FROM discussions d"                                          \
    "   WHERE d.case_ref = c.ref AND d.held = 1 AND d.date <= $1), c.name"
#define DUE_CASE_OPEN " c.allocated_date <= $1 AND (c.closed_date IS NULL OR c.closed_date > $1) "
#define DUE_CASE_SELECT DUE_CASE_COLUMNS " FROM staff w CROSS JOIN cases c WHERE c.worker_ref = w.ref AND" DUE_CASE_OPEN

/* The first row of every GENERATIONS_* statement: the database-wide one;
 * -1 while a committed transaction's mark stands (a write from outside
 * oversight, whose commit does not end it): nothing can be trusted then. */
#define GENERATIONS_WHOLE \
    "SELECT NULL, CASE WHEN whole = 0 THEN n ELSE -1 END FROM data_generation WHERE id = 1 UNION ALL "

/* Staff row s is supervised by $2, or in a team $2 manages (not $2 themselves). */
#define DUE_MANAGED(s)                                                                    \
    "(" s ".supervisor_ref = (SELECT ref FROM staff WHERE id = $2) OR " s ".team_ref IN"  \
    " (SELECT t.ref FROM teams t JOIN staff m ON m.ref = t.manager_ref WHERE m.id = $2))" \
    " AND " s ".id <> $2 "
/* Staff row s is in a team of the service named $2. */
#define DUE_IN_SERVICE(s)                                                                \
    s ".team_ref IN (SELECT t.ref FROM teams t JOIN services v ON v.ref = t.service_ref" \
      " WHERE v.name = $2) "

/* svc/search.c. SEARCH_SCOPE: the staff a viewer may read (access_person),
 * walked downwards from the viewer, so that it costs what the viewer's share
 * holds: $1 the viewer's staff ref (-1: none), $2 their account. Themselves,
 * their supervisees, everyone below them in the line (as deep as
 * ACCESS_PERSON walks up: 100), the teams they manage and the teams of the
 * services they are senior manager of. */
#define SEARCH_SCOPE                                                                               \
    "WITH RECURSIVE down(ref, n) AS ("                                                             \
    " SELECT ref, 1 FROM staff WHERE line_manager_ref = $1"                                        \
    " UNION ALL SELECT s.ref, down.n + 1 FROM staff s JOIN down ON s.line_manager_ref = down.ref"  \
    " WHERE down.n < 100),"                                                                        \
    " scope(ref) AS (SELECT ref FROM staff WHERE ref = $1"                                         \
    " UNION SELECT ref FROM staff WHERE supervisor_ref = $1"                                       \
    " UNION SELECT ref FROM down"                                                                  \
    " UNION SELECT s.ref FROM teams t JOIN staff s ON s.team_ref = t.ref WHERE t.manager_ref = $1" \
    " UNION SELECT s.ref FROM user_roles r JOIN services v ON v.name = r.scope"                    \
    "   JOIN teams t ON t.service_ref = v.ref JOIN staff s ON s.team_ref = t.ref"                  \
    "   WHERE r.user_ref = $2 AND r.role = 'senior-manager') "
/* A share's people, given as text: "1,2,3". */
#define SEARCH_SHARE_LIST "WITH share(ref) AS (SELECT value FROM json_each('[' || $1 || ']')) "
#define SEARCH_SHARE_LIST_PG "WITH share(ref) AS (SELECT unnest(string_to_array($1, ',')::bigint[])) "
/* What a person, a case and a record found are read with (enum SEARCH_*). */
#define SEARCH_PERSON_SELECT \
    "SELECT s.ref, s.id, s.name, s.role, t.name FROM staff s LEFT JOIN teams t ON t.ref = s.team_ref "
#define SEARCH_CASE_SELECT                                                              \
    "SELECT c.ref, c.id, c.name, c.category, c.closed_date, w.id, w.name, c.worker_ref" \
    " FROM cases c JOIN staff w ON w.ref = c.worker_ref "
#define SEARCH_RECORD_SELECT                                                                        \
    "SELECT r.ref, r.date, v.state, e.id, e.name, p.id, p.name, r.supervisee_ref, r.supervisor_ref" \
    " FROM records r"                                                                               \
    " JOIN record_versions v ON v.record_ref = r.ref AND v.version = r.latest_version"              \
    " JOIN staff e ON e.ref = r.supervisee_ref JOIN staff p ON p.ref = r.supervisor_ref "
/* Names by their words, through the indexes of 011_search.sql: $1 the words
 * typed (letters and digits only, one space between), each a whole word
 * (_WORDS) or the beginning of one (_START) of the name. SQLite's full-text
 * table is told them as quoted phrases; PostgreSQL's tsquery as quoted
 * lexemes, folded as the index is. */
#define SEARCH_FTS_WORDS(table) " " table " MATCH '\"' || replace($1, ' ', '\" \"') || '\"' "
#define SEARCH_FTS_START(table) " " table " MATCH '\"' || replace($1, ' ', '\"* \"') || '\"*' "
#define SEARCH_TS_WORDS(col)                                                        \
    " to_tsvector('simple', search_fold(" col ")) @@ to_tsquery('simple', '''' || " \
    "replace(search_fold($1), ' ', ''' & ''') || '''') "
#define SEARCH_TS_START(col)                                                        \
    " to_tsvector('simple', search_fold(" col ")) @@ to_tsquery('simple', '''' || " \
    "replace(search_fold($1), ' ', ''':* & ''') || ''':*') "
/* Ids from $1 to $2 (lower case) in byte order: an exact id and the ids
 * that begin with it. */
#define SEARCH_IDS(col) " lower(" col ") >= $1 AND lower(" col ") <= $2 ORDER BY lower(" col ") LIMIT $3"
#define SEARCH_IDS_PG(col)                                                       \
    " lower(" col ") COLLATE \"C\" >= $1 AND lower(" col ") COLLATE \"C\" <= $2" \
    " ORDER BY lower(" col ") COLLATE \"C\" LIMIT $3"

/* svc/admin_view.c: a person found (id, name, team, left_date, their
 * account's username), from staff s; an account (ref, username, staff id
 * and name, disabled, totp_enabled, totp_required). */
#define ADMIN_PERSON_COLS "SELECT s.id, s.name, t.name, s.left_date, u.username"
#define ADMIN_PERSON_JOINS " LEFT JOIN teams t ON t.ref = s.team_ref LEFT JOIN users u ON u.staff_ref = s.ref "
#define ADMIN_USER_SELECT                                                                              \
    "SELECT u.ref, u.username, s.id, s.name, u.disabled, u.totp_enabled, u.totp_required FROM users u" \
    " LEFT JOIN staff s ON s.ref = u.staff_ref "
/* The people an admin finds (svc/admin_view.c), each once as ref and k:
 * 0 for those whose id is from $1 to $2 (what was typed in lower case, and
 * it followed by the last character: the ids beginning with it), only the
 * first $4 + $5 of them by id (no others can be on the page asked for); 1
 * for those whose name has words beginning with each of the words $3
 * (search_words), through the indexes of 011_search.sql as SEARCH_IDS and
 * SEARCH_FTS_START / SEARCH_TS_START find them. A page: the exact id first,
 * the other ids by id, then names by name; $4 at most from $5 on. */
#define ADMIN_PEOPLE_FOUND(ids, names)                                                                            \
    "WITH f(ref, k) AS (SELECT ref, min(k) FROM (" ids " UNION ALL " names ") x GROUP BY ref) " ADMIN_PERSON_COLS \
    " FROM f JOIN staff s ON s.ref = f.ref" ADMIN_PERSON_JOINS                                                    \
    "ORDER BY f.k, CASE WHEN f.k = 0 THEN lower(s.id) ELSE s.name END, s.id LIMIT $4 OFFSET $5"
#define ADMIN_IDS(a, b, lim)                                                                                  \
    "SELECT ref, 0 AS k FROM (SELECT ref FROM staff WHERE lower(id) >= " a " AND lower(id) <= " b " ORDER BY" \
    " lower(id) LIMIT " lim ") i"
#define ADMIN_IDS_PG(a, b, lim)                                                          \
    "SELECT ref, 0 AS k FROM (SELECT ref FROM staff WHERE lower(id) COLLATE \"C\" >= " a \
    " AND lower(id) COLLATE \"C\" <= " b " ORDER BY lower(id) COLLATE \"C\" LIMIT " lim ") i"
#define ADMIN_NAMES(words) \
    "SELECT rowid, 1 FROM search_staff WHERE search_staff MATCH '\"' || replace(" words ", ' ', '\"* \"') || '\"*'"
#define ADMIN_NAMES_PG(words)                                                    \
    "SELECT ref, 1 FROM staff WHERE to_tsvector('simple', search_fold(name)) @@" \
    " to_tsquery('simple', '''' || replace(search_fold(" words "), ' ', ''':* & ''') || ''':*')"
/* Accounts whose username is from $3 to $4, or whose staff record is found
 * as above by id ($5 to $6) or name ($7), $1 at most from $2 on. */
#define ADMIN_USERS_OF(ids, names)                                                  \
    "WHERE u.ref IN (SELECT ref FROM users WHERE username >= $3 AND username <= $4" \
    " UNION SELECT ref FROM users WHERE staff_ref IN (SELECT ref FROM (" ids " UNION ALL " names ") x))"
#define ADMIN_USERS_ORDER " ORDER BY u.username LIMIT $1 OFFSET $2"

/* svc/admin_view.c: teams (name, service, manager's id and name, how many
 * staff) of the page of teams `page` selects, by name. */
#define ADMIN_TEAMS_OF(page)                                                                                   \
    "SELECT t.name, v.name, m.id, m.name, (SELECT count(*) FROM staff s WHERE s.team_ref = t.ref) FROM (" page \
    ") t LEFT JOIN services v ON v.ref = t.service_ref LEFT JOIN staff m ON m.ref = t.manager_ref ORDER BY t.name"
#define ADMIN_TEAM_COLUMNS "SELECT ref, name, service_ref, manager_ref FROM teams"
/* Teams whose name, or their service's, has $3 in it (find: the dialect's instr or strpos). */
#define ADMIN_TEAMS_HAVING(find)                                                                 \
    ADMIN_TEAM_COLUMNS " WHERE " find "(lower(name), $3) > 0 OR service_ref IN (SELECT ref FROM" \
                       " services WHERE " find "(lower(name), $3) > 0)"

/* migrate (transfer.c): the tables it copies, in the order it copies them,
 * which satisfies every foreign key. One row per table:
 *
 *     X(A, B, NAME, table, KEY, "order", "kinds", column, column, ...)
 *
 * KEY: IDENTITY when the key is an identity column ref (PostgreSQL is told
 * OVERRIDING SYSTEM VALUE, and its sequence is moved past the copied keys
 * afterwards: COPY_RENUMBER), OWN for any other key. "order": the key, for
 * ORDER BY. "kinds": one letter per column, 'i' integer, 't' text (dates and
 * times too), so that values reach the target as it expects. The columns are
 * read and written in the order given. Each row makes the statements
 * COPY_NAME_READ (every row, in key order) and COPY_NAME_WRITE (one row, keys
 * as they were) and a column of COPY_COUNTS. A and B are handed on to X (the
 * STMT and STMT2 of STATEMENTS). A new table is one more row, placed after
 * the tables it refers to. transfer.c checks when it compiles that there is
 * a kind per column; tests/unit/test_transfer.c checks the kinds and keys
 * against both schemas, and that no table or column is left out but those
 * transfer.c names as not copied (transfer_not_copied). */
#define COPY_TABLES(X, A, B)                                                                                           \
    X(A, B, SETTINGS, settings, OWN, "key", "tt", key, value)                                                          \
    X(A, B, IMPORTS, imports, IDENTITY, "ref", "ittit", ref, kind, file_name, rows, imported_at)                       \
    X(A, B, SERVICES, services, IDENTITY, "ref", "it", ref, name)                                                      \
    X(A, B, TEAMS, teams, IDENTITY, "ref", "iti", ref, name, service_ref)                                              \
    X(A, B, STAFF, staff, IDENTITY, "ref", "ittttitit", ref, id, name, email, role, team_ref, start_date, fte_ppm,     \
      left_date)                                                                                                       \
    X(A, B, CASES, cases, IDENTITY, "ref", "ittitttt", ref, id, category, worker_ref, allocated_date, closed_date,     \
      every, name)                                                                                                     \
    X(A, B, SESSIONS, sessions, IDENTITY, "ref", "ittittit", ref, id, date, supervisor_ref, type, status, late_days,   \
      commit_key)                                                                                                      \
    X(A, B, ATTENDEES, attendees, OWN, "session_ref, staff_ref", "iiti", session_ref, staff_ref, date,                 \
      held_individual)                                                                                                 \
    X(A, B, DISCUSSIONS, discussions, OWN, "session_ref, case_ref", "iiti", session_ref, case_ref, date, held)         \
    X(A, B, USERS, users, IDENTITY, "ref", "ititiiitiii", ref, username, staff_ref, password_hash, disabled,           \
      created_at, password_changed_at, totp_secret, totp_enabled, totp_required, totp_last_step)                       \
    X(A, B, USER_ROLES, user_roles, OWN, "user_ref, role, scope", "itt", user_ref, role, scope)                        \
    X(A, B, RECOVERY_CODES, recovery_codes, OWN, "user_ref, code_hash", "iti", user_ref, code_hash, used_at)           \
    X(A, B, AUDIT_LOG, audit_log, IDENTITY, "ref", "iiittt", ref, at, user_ref, action, detail, actor)                 \
    X(A, B, POLICY_HISTORY, policy_history, IDENTITY, "ref", "itttiit", ref, name, text, applied_from, applied_at,     \
      user_ref, actor)                                                                                                 \
    X(A, B, ACCOUNT_NOTICES, account_notices, IDENTITY, "ref", "iiititi", ref, user_ref, at, what, by_ref, by_actor,   \
      seen_at)                                                                                                         \
    X(A, B, AGREEMENTS, agreements, IDENTITY, "ref", "iiititttttiiiiti", ref, supervisee_ref, supervisor_ref, every,   \
      minutes, place, record_keeping, content, confidentiality, disagreements, written_by_ref, written_at,             \
      supervisor_agreed_at, supervisee_agreed_at, agreed_date, superseded_at)                                          \
    X(A, B, BOOKINGS, bookings, IDENTITY, "ref", "itiittittiiiii", ref, uid, supervisor_ref, supervisee_ref, date,     \
      start_time, minutes, place, status, sequence, session_ref, created_by_ref, created_at, late_days)                \
    X(A, B, BOOKING_EVENTS, booking_events, IDENTITY, "ref", "iiiitttt", ref, booking_ref, at, by_ref, kind, old_date, \
      old_start_time, reason)                                                                                          \
    X(A, B, AGENDA_ITEMS, agenda_items, IDENTITY, "ref", "iiittiiii", ref, booking_ref, author_ref, kind, text,        \
      case_ref, confidential_supervisor, confidential_supervisee, added_at)                                            \
    X(A, B, RECORDS, records, IDENTITY, "ref", "iiiitit", ref, booking_ref, supervisor_ref, supervisee_ref, date,      \
      latest_version, commit_key)                                                                                      \
    X(A, B, RECORD_VERSIONS, record_versions, OWN, "record_ref, version", "iittiitiitt", record_ref, version, state,   \
      reason, written_at, sent_at, sent_date, supervisor_signed_at, supervisee_signed_at, supervisor_name,             \
      supervisee_name)                                                                                                 \
    X(A, B, RECORD_ITEMS, record_items, OWN, "record_ref, version, topic", "iittii", record_ref, version, topic, text, \
      confidential_supervisor, confidential_supervisee)                                                                \
    X(A, B, RECORD_CONFIDENTIAL, record_confidential, OWN, "record_ref, topic", "itiiii", record_ref, topic, since,    \
      lift_proposed_by_ref, lift_proposed_at, lifted_at)                                                               \
    X(A, B, RECORD_CONFIDENTIAL_EVENTS, record_confidential_events, IDENTITY, "ref", "iitiit", ref, record_ref, topic, \
      at, by_ref, kind)                                                                                                \
    X(A, B, CASE_NOTES, case_notes, IDENTITY, "ref", "iiiiitiittttttittiit", ref, case_ref, session_ref, record_ref,   \
      version, date, written_by_ref, written_at, prompts, synopsis, analysis, decision, rationale, tasks, departs,     \
      departure, checklist, origin_ref, changed, withdrawn)                                                            \
    X(A, B, CASE_NOTE_ANSWERS, case_note_answers, OWN, "note_ref, prompt", "itt", note_ref, prompt, text)              \
    X(A, B, CASE_CONCERNS, case_concerns, IDENTITY, "ref", "iitttitt", ref, case_ref, kind, text, raised_date,         \
      raised_by_ref, resolved_date, resolution)                                                                        \
    X(A, B, ACTIONS, actions, IDENTITY, "ref", "iiiiitttiiii", ref, supervisee_ref, owner_ref, record_ref, case_ref,   \
      text, due_date, status, created_at, closed_at, reported_at, version)                                             \
    X(A, B, ACTION_UPDATES, action_updates, IDENTITY, "ref", "iiiiittii", ref, action_ref, record_ref, at, by_ref,     \
      status, note, reported, version)                                                                                 \
    X(A, B, RECORD_DRAFTS, record_drafts, OWN, "record_ref, version, name", "iitti", record_ref, version, name, value, \
      saved_at)                                                                                                        \
    X(A, B, DISAGREEMENTS, disagreements, IDENTITY, "ref", "iiiiit", ref, record_ref, version, by_ref, at, text)       \
    X(A, B, ESCALATIONS, escalations, IDENTITY, "ref", "itiiiiiiiitt", ref, subject, supervisee_ref, supervisor_ref,   \
      record_ref, raised_by_ref, raised_at, level, assignee_ref, service_ref, respond_by, status)                      \
    X(A, B, ESCALATION_EVENTS, escalation_events, IDENTITY, "ref", "iiiitt", ref, escalation_ref, at, by_ref, kind,    \
      text)                                                                                                            \
    X(A, B, INBOX, inbox, IDENTITY, "ref", "iiitti", ref, staff_ref, at, text, link, read_at)                          \
    X(A, B, CALENDAR_FEEDS, calendar_feeds, OWN, "staff_ref", "iti", staff_ref, token_hash, created_at)                \
    X(A, B, LOG_STATE, log_state, OWN, "id", "itti", id, origin, state, since)                                         \
    X(A, B, LOG_LEAVES, log_leaves, OWN, "idx", "ittiiiiit", idx, hash, type, record_ref, version, session_ref, ref,   \
      at, entry)                                                                                                       \
    X(A, B, LOG_NODES, log_nodes, OWN, "level, idx", "iit", level, idx, hash)                                          \
    X(A, B, LOG_CHECKPOINTS, log_checkpoints, OWN, "size", "itit", size, root, signed_at, note)                        \
    X(A, B, PURGES, purges, IDENTITY, "ref", "iiiittti", ref, record_ref, session_ref, at, as_of, policy, rule, leaf)  \
    X(A, B, LOG_KEYS, log_keys, OWN, "key_id", "ttiii", key_id, vkey, added_at, retired_at, leaf)                      \
    X(A, B, AUDIT_DRAWS, audit_draws, IDENTITY, "ref", "iittiitii", ref, service_ref, quarter, seed, drawn_at,         \
      drawn_by, actor, records_eligible, cases_eligible)                                                               \
    X(A, B, AUDITS, audits, IDENTITY, "ref", "iiitiiiiitttii", ref, draw_ref, auditor_ref, kind, record_ref, version,  \
      case_ref, supervisor_ref, subject_ref, state, grade, findings, saved_at, completed_at)                           \
    X(A, B, AUDIT_ANSWERS, audit_answers, OWN, "audit_ref, question", "ittt", audit_ref, question, grade, comment)     \
    X(A, B, AUDIT_ACTIONS, audit_actions, IDENTITY, "ref", "iiitttiiti", ref, audit_ref, owner_ref, text, due_date,    \
      status, created_at, done_at, done_note, closed_at)                                                               \
    X(A, B, REMINDERS, reminders, IDENTITY, "ref", "iittti", ref, staff_ref, kind, subject, day, at)                   \
    X(A, B, NOTIFY_PREFS, notify_prefs, OWN, "staff_ref", "itiiiii", staff_ref, delivery, supervision, signature,      \
      escalation, audit, changed_at)                                                                                   \
    X(A, B, MAIL_QUEUE, mail_queue, IDENTITY, "ref", "iitttttiiiitit", ref, staff_ref, to_addr, to_name, subject,      \
      digest_day, status, created_at, next_at, claimed_until, attempts, last_error, sent_at, message_id)               \
    X(A, B, MAIL_ITEMS, mail_items, IDENTITY, "ref", "iitt", ref, mail_ref, text, link)                                \
    X(A, B, READ_TRAIL, read_trail, OWN, "seq", "iititttittt", seq, at, account, staff_ref, role, address, kind, ref,  \
      detail, prev, hash)                                                                                              \
    X(A, B, FEEDBACK_MARKS, feedback_marks, OWN, "record_ref", "iiiiti", record_ref, staff_ref, team_ref, service_ref, \
      quarter, answered)                                                                                               \
    X(A, B, FEEDBACK_ANSWERS, feedback_answers, OWN, "id", "tiitiiiit", id, team_ref, service_ref, quarter, q1, q2,    \
      q3, q4, comment)                                                                                                 \
    X(A, B, WORKLOAD_CONCERNS, workload_concerns, IDENTITY, "ref", "iiiiittttii", ref, staff_ref, supervisor_ref,      \
      service_ref, raised_at, raised_date, text, status, response, responded_by_ref, responded_at)

/* Links that may point forward in key order (staff to their supervisor and
 * line manager, teams to their manager): left out above, and copied once
 * every row is in, with an update statement of the program's own that takes
 * the key then the links. One row per kind of link:
 *
 *     X(A, B, NAME, table, UPDATE, "which rows", "kinds", column, column, ...)
 *
 * makes COPY_NAME_READ, which reads the columns of the rows that have links. */
#define COPY_LINKS(X, A, B)                                                                                       \
    X(A, B, STAFF_LINKS, staff, STAFF_SET_MANAGERS, "supervisor_ref IS NOT NULL OR line_manager_ref IS NOT NULL", \
      "iii", ref, supervisor_ref, line_manager_ref)                                                               \
    X(A, B, TEAM_MANAGERS, teams, TEAM_SET_MANAGER, "manager_ref IS NOT NULL", "ii", ref, manager_ref)

/* The number of columns (up to 24), and the parameters "$1, $2, ..., $n". */
#define COPY_NCOLUMNS(...)                                                                                             \
    COPY_NCOLUMNS_(__VA_ARGS__, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, \
                   0)
#define COPY_NCOLUMNS_(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, \
                       c22, c23, c24, n, ...)                                                                          \
    n
#define COPY_PARAMS(n) COPY_PARAMS_(n)
#define COPY_PARAMS_(n) COPY_PARAMS_##n
#define COPY_PARAMS_1 "$1"
#define COPY_PARAMS_2 COPY_PARAMS_1 ", $2"
#define COPY_PARAMS_3 COPY_PARAMS_2 ", $3"
#define COPY_PARAMS_4 COPY_PARAMS_3 ", $4"
#define COPY_PARAMS_5 COPY_PARAMS_4 ", $5"
#define COPY_PARAMS_6 COPY_PARAMS_5 ", $6"
#define COPY_PARAMS_7 COPY_PARAMS_6 ", $7"
#define COPY_PARAMS_8 COPY_PARAMS_7 ", $8"
#define COPY_PARAMS_9 COPY_PARAMS_8 ", $9"
#define COPY_PARAMS_10 COPY_PARAMS_9 ", $10"
#define COPY_PARAMS_11 COPY_PARAMS_10 ", $11"
#define COPY_PARAMS_12 COPY_PARAMS_11 ", $12"
#define COPY_PARAMS_13 COPY_PARAMS_12 ", $13"
#define COPY_PARAMS_14 COPY_PARAMS_13 ", $14"
#define COPY_PARAMS_15 COPY_PARAMS_14 ", $15"
#define COPY_PARAMS_16 COPY_PARAMS_15 ", $16"
#define COPY_PARAMS_17 COPY_PARAMS_16 ", $17"
#define COPY_PARAMS_18 COPY_PARAMS_17 ", $18"
#define COPY_PARAMS_19 COPY_PARAMS_18 ", $19"
#define COPY_PARAMS_20 COPY_PARAMS_19 ", $20"
#define COPY_PARAMS_21 COPY_PARAMS_20 ", $21"
#define COPY_PARAMS_22 COPY_PARAMS_21 ", $22"
#define COPY_PARAMS_23 COPY_PARAMS_22 ", $23"
#define COPY_PARAMS_24 COPY_PARAMS_23 ", $24"

/* A row written with its key as it was: PostgreSQL's identity columns need
 * to be told (OVERRIDING SYSTEM VALUE), SQLite's do not. */
#define COPY_OVERRIDING_IDENTITY " OVERRIDING SYSTEM VALUE"
#define COPY_OVERRIDING_OWN ""
#define COPY_INSERT(table, columns, overriding, n) \
    "INSERT INTO " table " (" columns ")" overriding " VALUES (" COPY_PARAMS(n) ")"
#define COPY_STATEMENTS(STMT, STMT2, NAME, table, KEY, order, kinds, ...)                         \
    STMT(COPY_##NAME##_READ, "SELECT " #__VA_ARGS__ " FROM " #table " ORDER BY " order)           \
    STMT2(COPY_##NAME##_WRITE, COPY_INSERT(#table, #__VA_ARGS__, "", COPY_NCOLUMNS(__VA_ARGS__)), \
          COPY_INSERT(#table, #__VA_ARGS__, COPY_OVERRIDING_##KEY, COPY_NCOLUMNS(__VA_ARGS__)))
#define COPY_LINK_STATEMENTS(STMT, STMT2, NAME, table, UPDATE, which, kinds, ...) \
    STMT(COPY_##NAME##_READ, "SELECT " #__VA_ARGS__ " FROM " #table " WHERE " which " ORDER BY ref")
/* COPY_COUNTS: "(SELECT count(*) FROM table), " per table; a last 0 ends the list. */
#define COPY_COUNT(STMT, STMT2, NAME, table, ...) "(SELECT count(*) FROM " #table "), "
/* COPY_RENUMBER: ", setval(...)" per table keyed by an identity ref. */
#define COPY_RENUMBER_IDENTITY(table) \
    ", setval(pg_get_serial_sequence('" table "', 'ref'), (SELECT coalesce(max(ref), 0) + 1 FROM " table "), false)"
#define COPY_RENUMBER_OWN(table)
#define COPY_RENUMBER_TABLE(STMT, STMT2, NAME, table, KEY, ...) COPY_RENUMBER_##KEY(#table)

#include "store/statements_audit.h"
#include "store/statements_development.h"
#include "store/statements_feedback.h"
#include "store/statements_log.h"
#include "store/statements_notify.h"
#include "store/statements_retention.h"
#include "store/statements_supervision.h"
#include "store/statements_trail.h"
#include "store/statements_trends.h"

#define STATEMENTS(STMT, STMT2)                                                                                      \
    STMT(SCHEMA_INIT, "CREATE TABLE IF NOT EXISTS schema_migrations ("                                               \
                      "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")                                      \
    STMT2(SCHEMA_EXISTS, "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'",                      \
          "SELECT count(*) FROM information_schema.tables"                                                           \
          " WHERE table_name = 'schema_migrations' AND table_schema = current_schema()")                             \
    STMT(SCHEMA_VERSION, "SELECT max(version) FROM schema_migrations")                                               \
    STMT(SCHEMA_RECORD, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")                       \
    STMT(GENERATION, "SELECT n FROM data_generation WHERE id = 1")                                                   \
    /* store_fast_commits: commits stop waiting for the disk on this connection. */                                  \
    STMT2(FAST_COMMITS, "PRAGMA synchronous=OFF", "SET synchronous_commit = off")                                    \
    /* store_read_once: SQLite's default page cache (2 MB); nothing on PostgreSQL. */                                \
    STMT2(READ_ONCE, "PRAGMA cache_size=-2000", "")                                                                  \
    /* Generations by scope (016_scoped_generations.sql, store_generations):                                         \
     * the database-wide one (a NULL team) and each team's in the scope, by name                                     \
     * ('' for the people in no team). */                                                                            \
    STMT(GENERATION_WHOLE, "UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0")             \
    STMT(GENERATION_WHOLE_END, "UPDATE data_generation SET n = n + 1, whole = 0 WHERE id = 1 AND whole <> 0")        \
    STMT(GENERATIONS_TEAM,                                                                                           \
         GENERATIONS_WHOLE "SELECT t.name, coalesce(g.n, 0) FROM teams t"                                            \
                           " LEFT JOIN team_generation g ON g.team_ref = t.ref WHERE t.name = $1 ORDER BY 1")        \
    /* The teams of the manager's supervisees and those they manage (whose                                           \
     * members, the manager aside, their list holds): two index seeks. */                                            \
    STMT(GENERATIONS_MANAGED,                                                                                        \
         GENERATIONS_WHOLE "SELECT coalesce(t.name, ''), coalesce(g.n, 0) FROM"                                      \
                           " (SELECT coalesce(s.team_ref, 0) AS ref FROM staff s"                                    \
                           "  WHERE s.supervisor_ref = (SELECT ref FROM staff WHERE id = $1) AND s.id <> $1"         \
                           "  UNION SELECT t.ref FROM teams t JOIN staff m ON m.ref = t.manager_ref"                 \
                           "  WHERE m.id = $1) x"                                                                    \
                           " LEFT JOIN teams t ON t.ref = x.ref LEFT JOIN team_generation g ON g.team_ref = x.ref"   \
                           " ORDER BY 1")                                                                            \
    STMT(GENERATIONS_SERVICE,                                                                                        \
         GENERATIONS_WHOLE "SELECT t.name, coalesce(g.n, 0) FROM teams t"                                            \
                           " JOIN services v ON v.ref = t.service_ref"                                               \
                           " LEFT JOIN team_generation g ON g.team_ref = t.ref WHERE v.name = $1 ORDER BY 1")        \
    STMT(GENERATIONS_ALL,                                                                                            \
         GENERATIONS_WHOLE "SELECT t.name, coalesce(g.n, 0) FROM teams t"                                            \
                           " LEFT JOIN team_generation g ON g.team_ref = t.ref"                                      \
                           " UNION ALL SELECT '', coalesce((SELECT n FROM team_generation WHERE team_ref = 0), 0)"   \
                           " ORDER BY 1")                                                                            \
    STMT(SETTING_GET, "SELECT value FROM settings WHERE key = $1")                                                   \
    STMT(SETTING_PUT, "INSERT INTO settings (key, value) VALUES ($1, $2)"                                            \
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value")                                     \
    /* The policies that have been in force (svc/policy_change.c), latest first. */                                  \
    STMT(POLICY_HISTORY_COUNT, "SELECT count(*) FROM policy_history")                                                \
    STMT(POLICY_HISTORY_ADD, "INSERT INTO policy_history (name, text, applied_from, applied_at, user_ref, actor)"    \
                             " VALUES ($1, $2, $3, $4, $5, $6)")                                                     \
    STMT(POLICY_HISTORY_LIST, "SELECT h.ref, h.name, h.applied_from, h.applied_at,"                                  \
                              " COALESCE(u.username, h.actor, '') FROM policy_history h"                             \
                              " LEFT JOIN users u ON u.ref = h.user_ref ORDER BY h.ref DESC")                        \
    STMT(POLICY_HISTORY_TEXT, "SELECT text FROM policy_history WHERE ref = $1")                                      \
    STMT(POLICY_INSTALLED, "SELECT substr(min(applied_at), 1, 10) FROM schema_migrations")                           \
    STMT(IMPORT_LOG, "INSERT INTO imports (kind, file_name, rows, imported_at)"                                      \
                     " VALUES ($1, $2, $3, $4)")                                                                     \
    STMT(TEAM_FIND, "SELECT ref FROM teams WHERE name = $1")                                                         \
    STMT(TEAM_ADD, "INSERT INTO teams (name) VALUES ($1) RETURNING ref")                                             \
    STMT(TEAM_SET_MANAGER, "UPDATE teams SET manager_ref = $2 WHERE ref = $1")                                       \
    STMT(TEAM_SET, "UPDATE teams SET service_ref = $2, manager_ref = $3 WHERE ref = $1")                             \
    STMT(SERVICE_FIND, "SELECT ref FROM services WHERE name = $1")                                                   \
    STMT(SERVICE_ADD, "INSERT INTO services (name) VALUES ($1) RETURNING ref")                                       \
    STMT(AUDIT_ADD, "INSERT INTO audit_log (at, user_ref, action, detail) VALUES ($1, $2, $3, $4)")                  \
    STMT(STAFF_FIND, "SELECT ref FROM staff WHERE id = $1")                                                          \
    STMT(STAFF_COUNT, "SELECT count(*) FROM staff")                                                                  \
    STMT(STAFF_SET_MANAGERS, "UPDATE staff SET supervisor_ref = $2, line_manager_ref = $3 WHERE ref = $1")           \
    STMT(CASE_FIND, "SELECT ref FROM cases WHERE id = $1")                                                           \
    /* recorded: made by the application (a booking's or a discussion's), which no import may change. */             \
    STMT(SESSION_FIND, "SELECT s.ref, s.date, s.status, s.type,"                                                     \
                       " CASE WHEN EXISTS (SELECT 1 FROM bookings b WHERE b.session_ref = s.ref)"                    \
                       " OR EXISTS (SELECT 1 FROM case_notes n WHERE n.session_ref = s.ref) THEN 1 ELSE 0 END"       \
                       " FROM sessions s WHERE s.id = $1")                                                           \
    /* One session's discussions moved with it, and one discussion added (the bulk forms are IMPORT_*). */           \
    STMT(DISCUSSIONS_RESYNC, "UPDATE discussions SET date = $2, held = $3"                                           \
                             " WHERE session_ref = (SELECT ref FROM sessions WHERE id = $1)"                         \
                             " AND (date <> $2 OR held <> $3)")                                                      \
    STMT(DISCUSSION_ADD, "INSERT INTO discussions (session_ref, case_ref, date, held)"                               \
                         " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")                                          \
    /* An import's lookups and writes in bulk (store_bulk_*): SQLite runs the                                        \
     * first text once per row, PostgreSQL the second once over the rows in                                          \
     * bulk_rows (c1..cN, text, as the first text's $1..$N). */                                                      \
    STMT2(IMPORT_STAFF_REFS, "SELECT id, ref FROM staff WHERE id = $1",                                              \
          "SELECT s.id, s.ref FROM bulk_rows b JOIN staff s ON s.id = b.c1")                                         \
    STMT2(IMPORT_CASE_REFS, "SELECT id, ref FROM cases WHERE id = $1",                                               \
          "SELECT c.id, c.ref FROM bulk_rows b JOIN cases c ON c.id = b.c1")                                         \
    STMT2(IMPORT_SESSION_FACTS,                                                                                      \
          "SELECT s.id, s.ref, s.date, s.status, s.type,"                                                            \
          " CASE WHEN EXISTS (SELECT 1 FROM bookings b WHERE b.session_ref = s.ref)"                                 \
          " OR EXISTS (SELECT 1 FROM case_notes n WHERE n.session_ref = s.ref) THEN 1 ELSE 0 END"                    \
          " FROM sessions s WHERE s.id = $1",                                                                        \
          "SELECT s.id, s.ref, s.date, s.status, s.type,"                                                            \
          " CASE WHEN EXISTS (SELECT 1 FROM bookings k WHERE k.session_ref = s.ref)"                                 \
          " OR EXISTS (SELECT 1 FROM case_notes n WHERE n.session_ref = s.ref) THEN 1 ELSE 0 END"                    \
          " FROM bulk_rows b JOIN sessions s ON s.id = b.c1")                                                        \
    /* A staff row: $1 id, $2 name, $3 email, $4 role, $5 team's ref, $6                                             \
     * start, $7 fte (millionths), $8 left. Then, once every row is written,                                         \
     * each row's links by id ($1 the row, $2 supervisor, $3 line manager;                                           \
     * NULL clears, as the file describes the row whole). */                                                         \
    STMT2(IMPORT_STAFF_UPSERT,                                                                                       \
          "INSERT INTO staff (id, name, email, role, team_ref, start_date, fte_ppm, left_date)"                      \
          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"                                                                 \
          " ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email,"                            \
          " role = excluded.role, team_ref = excluded.team_ref,"                                                     \
          " start_date = excluded.start_date, fte_ppm = excluded.fte_ppm, left_date = excluded.left_date",           \
          "INSERT INTO staff (id, name, email, role, team_ref, start_date, fte_ppm, left_date)"                      \
          " SELECT c1, c2, c3, c4, c5::bigint, c6::date, c7::integer, c8::date FROM bulk_rows"                       \
          " ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email,"                            \
          " role = excluded.role, team_ref = excluded.team_ref,"                                                     \
          " start_date = excluded.start_date, fte_ppm = excluded.fte_ppm, left_date = excluded.left_date")           \
    STMT2(IMPORT_STAFF_LINKS,                                                                                        \
          "UPDATE staff SET supervisor_ref = (SELECT ref FROM staff WHERE id = $2),"                                 \
          " line_manager_ref = (SELECT ref FROM staff WHERE id = $3) WHERE id = $1",                                 \
          "UPDATE staff s SET supervisor_ref = u.ref, line_manager_ref = m.ref FROM bulk_rows b"                     \
          " LEFT JOIN staff u ON u.id = b.c2 LEFT JOIN staff m ON m.id = b.c3 WHERE s.id = b.c1")                    \
    STMT2(IMPORT_CASE_UPSERT,                                                                                        \
          "INSERT INTO cases (id, category, worker_ref, allocated_date, closed_date, every, name)"                   \
          " VALUES ($1, $2, $3, $4, $5, $6, $7)"                                                                     \
          " ON CONFLICT (id) DO UPDATE SET category = excluded.category,"                                            \
          " worker_ref = excluded.worker_ref, allocated_date = excluded.allocated_date,"                             \
          " closed_date = excluded.closed_date, every = excluded.every, name = excluded.name",                       \
          "INSERT INTO cases (id, category, worker_ref, allocated_date, closed_date, every, name)"                   \
          " SELECT c1, c2, c3::bigint, c4::date, c5::date, c6, c7 FROM bulk_rows"                                    \
          " ON CONFLICT (id) DO UPDATE SET category = excluded.category,"                                            \
          " worker_ref = excluded.worker_ref, allocated_date = excluded.allocated_date,"                             \
          " closed_date = excluded.closed_date, every = excluded.every, name = excluded.name")                       \
    /* A session's row: $1 id, $2 date, $3 held, $4 held and individual,                                             \
     * $5 its supervisees' keys as a JSON array, $6 supervisor, $7 type,                                             \
     * $8 status. The four run in this order; a session moved or cancelled                                           \
     * moves its discussions with it. */                                                                             \
    STMT2(IMPORT_ATTENDEES_CLEAR,                                                                                    \
          "DELETE FROM attendees WHERE session_ref = (SELECT ref FROM sessions WHERE id = $1)",                      \
          "DELETE FROM attendees a USING bulk_rows b, sessions s WHERE s.id = b.c1 AND a.session_ref = s.ref")       \
    STMT2(IMPORT_SESSION_UPSERT,                                                                                     \
          "INSERT INTO sessions (id, date, supervisor_ref, type, status) VALUES ($1, $2, $6, $7, $8)"                \
          " ON CONFLICT (id) DO UPDATE SET date = excluded.date, supervisor_ref = excluded.supervisor_ref,"          \
          " type = excluded.type, status = excluded.status",                                                         \
          "INSERT INTO sessions (id, date, supervisor_ref, type, status)"                                            \
          " SELECT c1, c2::date, c6::bigint, c7, c8 FROM bulk_rows"                                                  \
          " ON CONFLICT (id) DO UPDATE SET date = excluded.date, supervisor_ref = excluded.supervisor_ref,"          \
          " type = excluded.type, status = excluded.status")                                                         \
    STMT2(IMPORT_ATTENDEES_ADD,                                                                                      \
          "INSERT INTO attendees (session_ref, staff_ref, date, held_individual)"                                    \
          " SELECT s.ref, j.value, $2, $4 FROM sessions s, json_each($5) j WHERE s.id = $1",                         \
          "INSERT INTO attendees (session_ref, staff_ref, date, held_individual)"                                    \
          " SELECT s.ref, j.v::bigint, b.c2::date, b.c4::smallint FROM bulk_rows b JOIN sessions s ON s.id = b.c1,"  \
          " jsonb_array_elements_text(b.c5::jsonb) j(v)")                                                            \
    STMT2(IMPORT_DISCUSSIONS_RESYNC,                                                                                 \
          "UPDATE discussions SET date = $2, held = $3"                                                              \
          " WHERE session_ref = (SELECT ref FROM sessions WHERE id = $1) AND (date <> $2 OR held <> $3)",            \
          "UPDATE discussions d SET date = b.c2::date, held = b.c3::smallint FROM bulk_rows b"                       \
          " JOIN sessions s ON s.id = b.c1"                                                                          \
          " WHERE d.session_ref = s.ref AND (d.date <> b.c2::date OR d.held <> b.c3::smallint)")                     \
    STMT2(IMPORT_DISCUSSION_ADD,                                                                                     \
          "INSERT INTO discussions (session_ref, case_ref, date, held) VALUES ($1, $2, $3, $4)"                      \
          " ON CONFLICT DO NOTHING",                                                                                 \
          "INSERT INTO discussions (session_ref, case_ref, date, held)"                                              \
          " SELECT c1::bigint, c2::bigint, c3::date, c4::smallint FROM bulk_rows ON CONFLICT DO NOTHING")            \
    STMT(USER_ADD, "INSERT INTO users (username, staff_ref, password_hash, created_at,"                              \
                   " password_changed_at) VALUES ($1, $2, $3, $4, $4) RETURNING ref")                                \
    STMT(USER_FIND, "SELECT u.ref, u.password_hash, u.disabled, s.id, u.totp_enabled FROM users u"                   \
                    " LEFT JOIN staff s ON s.ref = u.staff_ref WHERE u.username = $1")                               \
    STMT(USER_FIND_BY_STAFF, "SELECT ref FROM users WHERE staff_ref = $1")                                           \
    STMT(USER_SET_PASSWORD, "UPDATE users SET password_hash = $2, password_changed_at = $3"                          \
                            " WHERE ref = $1")                                                                       \
    STMT(USER_SET_DISABLED, "UPDATE users SET disabled = $2 WHERE ref = $1")                                         \
    STMT(USER_ROLE_ADD, "INSERT INTO user_roles (user_ref, role, scope) VALUES ($1, $2, $3)"                         \
                        " ON CONFLICT DO NOTHING")                                                                   \
    STMT(USER_ROLES, "SELECT role, scope FROM user_roles WHERE user_ref = $1 ORDER BY role, scope")                  \
    STMT(WEB_SESSIONS_END_FOR_USER, "UPDATE web_sessions SET ended_at = $2"                                          \
                                    " WHERE user_ref = $1 AND ended_at IS NULL")                                     \
    STMT(WEB_SESSION_ADD, "INSERT INTO web_sessions (token_hash, user_ref, csrf_token, created_at,"                  \
                          " last_seen_at, second_factor_due) VALUES ($1, $2, $3, $4, $4, $5)")                       \
    STMT(WEB_SESSION_FIND, "SELECT w.user_ref, w.csrf_token, w.created_at, w.last_seen_at,"                          \
                           " u.username, s.id, s.name, s.ref, w.second_factor_due,"                                  \
                           " u.totp_enabled, u.totp_required, (SELECT count(*) FROM policy_history)"                 \
                           " FROM web_sessions w"                                                                    \
                           " JOIN users u ON u.ref = w.user_ref LEFT JOIN staff s ON s.ref = u.staff_ref"            \
                           " WHERE w.token_hash = $1 AND w.ended_at IS NULL AND u.disabled = 0")                     \
    /* Whose a session was, live or ended (what was typed under it is theirs). */                                    \
    STMT(WEB_SESSION_USERNAME, "SELECT u.username FROM web_sessions w JOIN users u ON u.ref = w.user_ref"            \
                               " WHERE w.token_hash = $1")                                                           \
    STMT(WEB_SESSION_TOUCH, "UPDATE web_sessions SET last_seen_at = $2 WHERE token_hash = $1")                       \
    STMT(WEB_SESSION_END, "UPDATE web_sessions SET ended_at = $2 WHERE token_hash = $1"                              \
                          " AND ended_at IS NULL")                                                                   \
    STMT(USER_TOTP, "SELECT totp_secret, totp_enabled, totp_last_step, totp_required FROM users WHERE ref = $1")     \
    /* Only a later step is taken: a code is never accepted twice, even by two servers. */                           \
    STMT(USER_TOTP_USED, "UPDATE users SET totp_last_step = $2 WHERE ref = $1 AND totp_last_step < $2")              \
    /* $3: the secret, sealed (svc/sealed.h). */                                                                     \
    STMT(USER_TOTP_TURN_ON, "UPDATE users SET totp_enabled = 1, totp_last_step = $2, totp_secret = $3"               \
                            " WHERE ref = $1 AND totp_enabled = 0")                                                  \
    STMT(USER_TOTP_SEAL, "UPDATE users SET totp_secret = $3 WHERE ref = $1 AND totp_secret = $2")                    \
    STMT(USER_TOTP_SECRETS, "SELECT ref, totp_secret FROM users WHERE totp_secret IS NOT NULL ORDER BY ref")         \
    STMT(USER_TOTP_DISABLE, "UPDATE users SET totp_enabled = 0, totp_secret = NULL WHERE ref = $1")                  \
    /* session.c's throttle: $1 a key ("pair NAME ADDRESS", "address ADDRESS", "code ACCOUNT"). */                   \
    STMT(SIGN_IN_FAILURE_ADD, "INSERT INTO sign_in_failures (username, at) VALUES ($1, $2)")                         \
    STMT(SIGN_IN_FAILURES_RECENT, "SELECT count(*), coalesce(max(at), 0) FROM sign_in_failures"                      \
                                  " WHERE username = $1 AND at >= $2")                                               \
    STMT(SIGN_IN_FAILURES_CLEAR, "DELETE FROM sign_in_failures WHERE username = $1")                                 \
    STMT(SIGN_IN_FAILURES_PRUNE, "DELETE FROM sign_in_failures WHERE at < $1")                                       \
    /* One-time write keys (svc/write_key.c): taken once per account, the                                            \
     * answer of the change that took it kept for a second sending. */                                               \
    STMT(WRITE_KEY_TAKE, "INSERT INTO write_keys (user_ref, write_key, used_at) VALUES ($1, $2, $3)"                 \
                         " ON CONFLICT DO NOTHING")                                                                  \
    STMT(WRITE_KEY_FIND, "SELECT answer FROM write_keys WHERE user_ref = $1 AND write_key = $2")                     \
    STMT(WRITE_KEY_ANSWER, "UPDATE write_keys SET answer = $3 WHERE user_ref = $1 AND write_key = $2")               \
    STMT(WRITE_KEYS_PRUNE, "DELETE FROM write_keys WHERE used_at < $1")                                              \
    STMT(RECOVERY_CODES_CLEAR, "DELETE FROM recovery_codes WHERE user_ref = $1")                                     \
    STMT(RECOVERY_CODE_ADD, "INSERT INTO recovery_codes (user_ref, code_hash) VALUES ($1, $2)")                      \
    STMT(RECOVERY_CODE_USE, "UPDATE recovery_codes SET used_at = $3"                                                 \
                            " WHERE user_ref = $1 AND code_hash = $2 AND used_at IS NULL")                           \
    /* access.c: $1 the person, case or team; $2 the viewer's staff ref (-1: none);                                  \
     * $3 the viewer's account. The line is walked upwards from $1. */                                               \
    STMT(ACCESS_MANAGES, "SELECT CASE WHEN EXISTS (SELECT 1 FROM staff WHERE supervisor_ref = $1)"                   \
                         " OR EXISTS (SELECT 1 FROM staff WHERE line_manager_ref = $1)"                              \
                         " OR EXISTS (SELECT 1 FROM teams WHERE manager_ref = $1) THEN 1 ELSE 0 END")                \
    STMT(ACCESS_CASE_WORKER, "SELECT worker_ref FROM cases WHERE ref = $1")                                          \
    STMT(ACCESS_PERSON, "WITH RECURSIVE up(ref, n) AS ("                                                             \
                        " SELECT line_manager_ref, 1 FROM staff WHERE ref = $1 AND line_manager_ref IS NOT NULL"     \
                        " UNION ALL SELECT s.line_manager_ref, up.n + 1 FROM staff s JOIN up ON s.ref = up.ref"      \
                        " WHERE s.line_manager_ref IS NOT NULL AND up.n < 100)"                                      \
                        " SELECT CASE WHEN EXISTS (SELECT 1 FROM staff WHERE ref = $1 AND supervisor_ref = $2)"      \
                        " OR EXISTS (SELECT 1 FROM up WHERE ref = $2)"                                               \
                        " OR EXISTS (SELECT 1 FROM staff s JOIN teams t ON t.ref = s.team_ref"                       \
                        "            WHERE s.ref = $1 AND t.manager_ref = $2)"                                       \
                        " OR EXISTS (SELECT 1 FROM staff s JOIN teams t ON t.ref = s.team_ref"                       \
                        "            JOIN services v ON v.ref = t.service_ref JOIN user_roles r ON r.scope = v.name" \
                        "            WHERE s.ref = $1 AND r.user_ref = $3 AND r.role = 'senior-manager')"            \
                        " THEN 1 ELSE 0 END")                                                                        \
    STMT(ACCESS_TEAM, "WITH RECURSIVE up(ref, n) AS ("                                                               \
                      " SELECT manager_ref, 0 FROM teams WHERE ref = $1 AND manager_ref IS NOT NULL"                 \
                      " UNION ALL SELECT s.line_manager_ref, up.n + 1 FROM staff s JOIN up ON s.ref = up.ref"        \
                      " WHERE s.line_manager_ref IS NOT NULL AND up.n < 100)"                                        \
                      " SELECT CASE WHEN EXISTS (SELECT 1 FROM up WHERE ref = $2)"                                   \
                      " OR EXISTS (SELECT 1 FROM teams t JOIN services v ON v.ref = t.service_ref"                   \
                      "            JOIN user_roles r ON r.scope = v.name"                                            \
                      "            WHERE t.ref = $1 AND r.user_ref = $3 AND r.role = 'senior-manager')"              \
                      " THEN 1 ELSE 0 END")                                                                          \
    /* access.c's write rules: $1 the person or case, $2 the viewer's staff                                          \
     * ref. WRITE_OWN is 2 for the supervisor, 1 for the person, else 0. */                                          \
    STMT(ACCESS_WRITE_OWN, "SELECT CASE WHEN supervisor_ref = $2 THEN 2 WHEN ref = $2 THEN 1 ELSE 0 END"             \
                           " FROM staff WHERE ref = $1")                                                             \
    STMT(ACCESS_WRITE_CASE, "SELECT CASE WHEN w.ref = $2 OR w.supervisor_ref = $2 THEN 1 ELSE 0 END"                 \
                            " FROM cases c JOIN staff w ON w.ref = c.worker_ref WHERE c.ref = $1")                   \
    STMT(ACCESS_WRITE_SUPERVISE,                                                                                     \
         "WITH RECURSIVE up(ref, n) AS ("                                                                            \
         " SELECT line_manager_ref, 1 FROM staff WHERE ref = $1"                                                     \
         " AND line_manager_ref IS NOT NULL"                                                                         \
         " UNION ALL SELECT s.line_manager_ref, up.n + 1 FROM staff s JOIN up ON s.ref = up.ref"                     \
         " WHERE s.line_manager_ref IS NOT NULL AND up.n < 100)"                                                     \
         " SELECT CASE WHEN EXISTS (SELECT 1 FROM staff WHERE ref = $1 AND supervisor_ref = $2)"                     \
         " OR EXISTS (SELECT 1 FROM up WHERE ref = $2)"                                                              \
         " OR EXISTS (SELECT 1 FROM staff s JOIN teams t ON t.ref = s.team_ref"                                      \
         "            WHERE s.ref = $1 AND t.manager_ref = $2)"                                                      \
         " THEN 1 ELSE 0 END")                                                                                       \
    /* The pages: one person, case, team or service and their history. */                                            \
    STMT(PAGE_PERSON, "SELECT s.ref, s.id, s.name, s.role, t.name, sup.id, sup.name, lm.id, lm.name,"                \
                      " s.start_date, s.left_date, s.fte_ppm FROM staff s"                                           \
                      " LEFT JOIN teams t ON t.ref = s.team_ref"                                                     \
                      " LEFT JOIN staff sup ON sup.ref = s.supervisor_ref"                                           \
                      " LEFT JOIN staff lm ON lm.ref = s.line_manager_ref WHERE s.id = $1")                          \
    /* A session's record, if one was written in Oversight: through its                                              \
     * supervisee's bookings (indexed by supervisee), never a scan of all bookings. */                               \
    STMT(PAGE_PERSON_SESSIONS, "SELECT se.id, se.date, se.type, se.status, sup.id, sup.name,"                        \
                               " (SELECT r.ref FROM bookings b JOIN records r ON r.booking_ref = b.ref"              \
                               " WHERE b.supervisee_ref = a.staff_ref AND b.session_ref = se.ref)"                   \
                               " FROM attendees a JOIN sessions se ON se.ref = a.session_ref"                        \
                               " JOIN staff sup ON sup.ref = se.supervisor_ref"                                      \
                               " WHERE a.staff_ref = $1 ORDER BY se.date DESC, se.id DESC LIMIT $2")                 \
    STMT(PAGE_CASE, "SELECT c.ref, c.id, c.category, w.ref, w.id, w.name, c.allocated_date,"                         \
                    " c.closed_date, c.every, c.name FROM cases c JOIN staff w ON w.ref = c.worker_ref"              \
                    " WHERE c.id = $1")                                                                              \
    STMT(PAGE_CASE_DISCUSSIONS, "SELECT se.id, se.date, se.type, se.status, sup.id, sup.name,"                       \
                                " (SELECT r.ref FROM bookings b JOIN records r ON r.booking_ref = b.ref"             \
                                " WHERE b.session_ref = se.ref AND b.supervisee_ref IN"                              \
                                " (SELECT at.staff_ref FROM attendees at WHERE at.session_ref = se.ref))"            \
                                " FROM discussions d JOIN sessions se ON se.ref = d.session_ref"                     \
                                " JOIN staff sup ON sup.ref = se.supervisor_ref"                                     \
                                " WHERE d.case_ref = $1 ORDER BY se.date DESC, se.id DESC LIMIT $2")                 \
    STMT(PAGE_TEAM, "SELECT t.ref, t.name, v.name, m.id, m.name FROM teams t"                                        \
                    " LEFT JOIN services v ON v.ref = t.service_ref"                                                 \
                    " LEFT JOIN staff m ON m.ref = t.manager_ref WHERE t.name = $1")                                 \
    STMT(PAGE_SERVICES, "SELECT v.name, (SELECT count(*) FROM teams t WHERE t.service_ref = v.ref)"                  \
                        " FROM services v ORDER BY v.name")                                                          \
    STMT(PAGE_SERVICE_ONE, "SELECT v.name, (SELECT count(*) FROM teams t WHERE t.service_ref = v.ref)"               \
                           " FROM services v WHERE v.name = $1")                                                     \
    STMT(PAGE_SERVICE_TEAMS, "SELECT t.name, m.id, m.name FROM teams t"                                              \
                             " JOIN services v ON v.ref = t.service_ref"                                             \
                             " LEFT JOIN staff m ON m.ref = t.manager_ref WHERE v.name = $1 ORDER BY t.name")        \
    /* svc/search.c: within the viewer's share (SEARCH_SCOPE) every person,                                          \
     * case and record, matched in search.c; for an auditor and a large share                                        \
     * through the indexes, at most the limit given, in id or name order. */                                         \
    /* The people of the viewer's share. */                                                                          \
    STMT(SEARCH_SHARE, SEARCH_SCOPE "SELECT ref FROM scope ORDER BY ref")                                            \
    /* A share read whole: $1 its people's refs, as SEARCH_SHARE gave them,                                          \
     * comma-separated (a list planners estimate as it is: PostgreSQL's                                              \
     * estimate of SEARCH_SCOPE's recursion would have it scan staff).                                               \
     * Records: $2 the viewer's staff ref, one of a record's two. */                                                 \
    STMT2(SEARCH_PEOPLE_SCOPED, SEARCH_SHARE_LIST SEARCH_PERSON_SELECT "WHERE s.ref IN (SELECT ref FROM share)",     \
          SEARCH_SHARE_LIST_PG SEARCH_PERSON_SELECT "WHERE s.ref IN (SELECT ref FROM share)")                        \
    STMT2(SEARCH_CASES_SCOPED, SEARCH_SHARE_LIST SEARCH_CASE_SELECT "WHERE c.worker_ref IN (SELECT ref FROM share)", \
          SEARCH_SHARE_LIST_PG SEARCH_CASE_SELECT "WHERE c.worker_ref IN (SELECT ref FROM share)")                   \
    STMT2(SEARCH_RECORDS_SCOPED,                                                                                     \
          SEARCH_SHARE_LIST SEARCH_RECORD_SELECT                                                                     \
          "WHERE r.ref IN (SELECT x.ref FROM share JOIN records x"                                                   \
          " ON x.supervisee_ref = share.ref UNION SELECT ref FROM records WHERE supervisor_ref = $2)",               \
          SEARCH_SHARE_LIST_PG SEARCH_RECORD_SELECT                                                                  \
          "WHERE r.ref IN (SELECT x.ref FROM share JOIN records x"                                                   \
          " ON x.supervisee_ref = share.ref UNION SELECT ref FROM records WHERE supervisor_ref = $2)")               \
    STMT2(SEARCH_PEOPLE_IDS, SEARCH_PERSON_SELECT "WHERE" SEARCH_IDS("s.id"),                                        \
          SEARCH_PERSON_SELECT "WHERE" SEARCH_IDS_PG("s.id"))                                                        \
    STMT2(SEARCH_PEOPLE_WORDS,                                                                                       \
          SEARCH_PERSON_SELECT "WHERE s.ref IN (SELECT rowid FROM search_staff WHERE" SEARCH_FTS_WORDS(              \
              "search_staff") ") ORDER BY s.name, s.id LIMIT $2",                                                    \
          SEARCH_PERSON_SELECT "WHERE" SEARCH_TS_WORDS("s.name") "ORDER BY s.name, s.id LIMIT $2")                   \
    STMT2(SEARCH_PEOPLE_START,                                                                                       \
          SEARCH_PERSON_SELECT "WHERE s.ref IN (SELECT rowid FROM search_staff WHERE" SEARCH_FTS_START(              \
              "search_staff") ") ORDER BY s.name, s.id LIMIT $2",                                                    \
          SEARCH_PERSON_SELECT "WHERE" SEARCH_TS_START("s.name") "ORDER BY s.name, s.id LIMIT $2")                   \
    STMT2(SEARCH_CASES_IDS, SEARCH_CASE_SELECT "WHERE" SEARCH_IDS("c.id"),                                           \
          SEARCH_CASE_SELECT "WHERE" SEARCH_IDS_PG("c.id"))                                                          \
    STMT2(SEARCH_CASES_WORDS,                                                                                        \
          SEARCH_CASE_SELECT "WHERE c.ref IN (SELECT rowid FROM search_cases WHERE" SEARCH_FTS_WORDS(                \
              "search_cases") ") ORDER BY c.name, c.id LIMIT $2",                                                    \
          SEARCH_CASE_SELECT "WHERE" SEARCH_TS_WORDS("c.name") "ORDER BY c.name, c.id LIMIT $2")                     \
    STMT2(SEARCH_CASES_START,                                                                                        \
          SEARCH_CASE_SELECT "WHERE c.ref IN (SELECT rowid FROM search_cases WHERE" SEARCH_FTS_START(                \
              "search_cases") ") ORDER BY c.name, c.id LIMIT $2",                                                    \
          SEARCH_CASE_SELECT "WHERE" SEARCH_TS_START("c.name") "ORDER BY c.name, c.id LIMIT $2")                     \
    /* $1 a person: the records of their supervision and those they wrote, newest first. */                          \
    STMT(SEARCH_RECORDS_OF, SEARCH_RECORD_SELECT "WHERE r.supervisee_ref = $1 OR r.supervisor_ref = $1"              \
                                                 " ORDER BY r.date DESC, r.ref DESC LIMIT $2")                       \
    /* Records dated $1 to $2, newest first. */                                                                      \
    STMT(SEARCH_RECORDS_ON, SEARCH_RECORD_SELECT "WHERE r.date >= $1 AND r.date <= $2"                               \
                                                 " ORDER BY r.date DESC, r.ref DESC LIMIT $3")                       \
    STMT(DEMO_TEAM_OF, "SELECT m.id, lm.id, v.name FROM staff w JOIN teams t ON t.ref = w.team_ref"                  \
                       " JOIN staff m ON m.ref = t.manager_ref LEFT JOIN staff lm ON lm.ref = m.line_manager_ref"    \
                       " LEFT JOIN services v ON v.ref = t.service_ref WHERE w.id = $1")                             \
    /* svc/council.c: the council the demo plans for (the demo writes through the services). */                      \
    STMT(DEMO_STAFF, "SELECT ref, id, role, supervisor_ref, line_manager_ref, start_date, left_date, fte_ppm"        \
                     " FROM staff ORDER BY ref")                                                                     \
    STMT(DEMO_ATTENDED, "SELECT DISTINCT date FROM attendees WHERE staff_ref = $1 AND date >= $2 ORDER BY date")     \
    STMT(DEMO_OPEN_CASES, "SELECT id, category FROM cases WHERE worker_ref = $1 AND allocated_date <= $2"            \
                          " AND (closed_date IS NULL OR closed_date > $2) ORDER BY id")                              \
    STMT(DEMO_CATEGORY_WORKERS, "SELECT DISTINCT worker_ref FROM cases WHERE category = $1"                          \
                                " AND allocated_date <= $2 AND (closed_date IS NULL OR closed_date > $2)"            \
                                " ORDER BY worker_ref")                                                              \
    /* Administration (svc/admin.c, svc/admin_view.c). */                                                            \
    /* imported_at as the same text on both: "YYYY-MM-DDTHH:MM:SSZ". */                                              \
    STMT2(ADMIN_IMPORTS, "SELECT kind, file_name, rows, imported_at FROM imports ORDER BY ref DESC LIMIT 20",        \
          "SELECT kind, file_name, rows, to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"  \
          " FROM imports ORDER BY ref DESC LIMIT 20")                                                                \
    STMT(ADMIN_AUDIT, "SELECT a.at, COALESCE(u.username, a.actor, ''), a.action, a.detail FROM audit_log a"          \
                      " LEFT JOIN users u ON u.ref = a.user_ref ORDER BY a.ref DESC LIMIT 30")                       \
    /* $2: the account that made the change (NULL for the command line); $5: who else. */                            \
    STMT(ADMIN_AUDIT_ADD, "INSERT INTO audit_log (at, user_ref, action, detail, actor)"                              \
                          " VALUES ($1, $2, $3, $4, $5)")                                                            \
    STMT(ADMIN_USERS, "SELECT u.username, s.id, s.name, u.disabled, u.totp_enabled, u.totp_required"                 \
                      " FROM users u LEFT JOIN staff s ON s.ref = u.staff_ref ORDER BY u.username")                  \
    STMT(ADMIN_USER_ROLES, "SELECT u.username, r.role, r.scope FROM user_roles r"                                    \
                           " JOIN users u ON u.ref = r.user_ref ORDER BY u.username, r.role, r.scope")               \
    STMT(ADMIN_USER, "SELECT u.ref, s.id, s.name, u.disabled, u.totp_enabled, u.totp_required"                       \
                     " FROM users u LEFT JOIN staff s ON s.ref = u.staff_ref WHERE u.username = $1")                 \
    STMT(ADMIN_USER_REF, "SELECT ref FROM users WHERE username = $1")                                                \
    STMT(ADMIN_USER_HAS_ROLE, "SELECT count(*) FROM user_roles"                                                      \
                              " WHERE user_ref = $1 AND role = $2 AND scope = $3")                                   \
    /* Accounts that are admins and not disabled: the last of them keeps the role. */                                \
    STMT(ADMIN_ACTIVE_ADMINS, "SELECT count(*) FROM user_roles r JOIN users u ON u.ref = r.user_ref"                 \
                              " WHERE r.role = 'admin' AND u.disabled = 0")                                          \
    /* Whether $1 is still an admin with an enabled account (checked inside each change). */                         \
    STMT(ADMIN_IS_ACTIVE_ADMIN, "SELECT count(*) FROM user_roles r JOIN users u ON u.ref = r.user_ref"               \
                                " WHERE r.user_ref = $1 AND r.role = 'admin' AND u.disabled = 0")                    \
    STMT(USER_ROLE_REMOVE, "DELETE FROM user_roles WHERE user_ref = $1 AND role = $2 AND scope = $3")                \
    STMT(USER_SET_TOTP_REQUIRED, "UPDATE users SET totp_required = $2 WHERE ref = $1")                               \
    STMT(USER_SET_STAFF, "UPDATE users SET staff_ref = $2 WHERE ref = $1")                                           \
    /* Account notices and password links (svc/notice.c, svc/password_link.c, svc/admin.c). */                       \
    /* $4: the admin's account (NULL for the command line or the person); $5: the operator. */                       \
    STMT(NOTICE_ADD, "INSERT INTO account_notices (user_ref, at, what, by_ref, by_actor)"                            \
                     " VALUES ($1, $2, $3, $4, $5)")                                                                 \
    /* $2: 1 for those not yet acknowledged only; $3 at most this many, newest first. */                             \
    STMT(NOTICES_OF, "SELECT n.ref, n.at, n.what, COALESCE(b.username, n.by_actor, ''), n.seen_at"                   \
                     " FROM account_notices n LEFT JOIN users b ON b.ref = n.by_ref"                                 \
                     " WHERE n.user_ref = $1 AND ($2 = 0 OR n.seen_at IS NULL) ORDER BY n.ref DESC LIMIT $3")        \
    STMT(NOTICES_SEEN, "UPDATE account_notices SET seen_at = $3"                                                     \
                       " WHERE user_ref = $1 AND ref <= $2 AND seen_at IS NULL")                                     \
    STMT(PASSWORD_LINK_SET, "INSERT INTO password_links (user_ref, token_hash, created_at, expires_at)"              \
                            " VALUES ($1, $2, $3, $4) ON CONFLICT (user_ref) DO UPDATE SET"                          \
                            " token_hash = excluded.token_hash, created_at = excluded.created_at,"                   \
                            " expires_at = excluded.expires_at")                                                     \
    /* A live link: not expired, of an enabled account. */                                                           \
    STMT(PASSWORD_LINK_FIND, "SELECT l.user_ref, u.username FROM password_links l"                                   \
                             " JOIN users u ON u.ref = l.user_ref"                                                   \
                             " WHERE l.token_hash = $1 AND l.expires_at > $2 AND u.disabled = 0")                    \
    STMT(PASSWORD_LINK_END, "DELETE FROM password_links WHERE user_ref = $1")                                        \
    /* The calendar feed of the account's staff record, if any. */                                                   \
    STMT(CALENDAR_FEED_END_FOR_USER, "DELETE FROM calendar_feeds"                                                    \
                                     " WHERE staff_ref = (SELECT staff_ref FROM users WHERE ref = $1)")              \
    /* A page of teams by name, $1 at most from $2 on (through the index of their names); or those whose             \
     * name or service's name has $3 (in lower case) in it. Staff are counted for the page's teams alone. */         \
    STMT(ADMIN_TEAMS_PAGE, ADMIN_TEAMS_OF(ADMIN_TEAM_COLUMNS " ORDER BY name LIMIT $1 OFFSET $2"))                   \
    STMT2(ADMIN_TEAMS_FIND, ADMIN_TEAMS_OF(ADMIN_TEAMS_HAVING("instr") " ORDER BY name LIMIT $1 OFFSET $2"),         \
          ADMIN_TEAMS_OF(ADMIN_TEAMS_HAVING("strpos") " ORDER BY name LIMIT $1 OFFSET $2"))                          \
    STMT(ADMIN_TEAM, "SELECT t.ref, v.name, m.id FROM teams t LEFT JOIN services v ON v.ref = t.service_ref"         \
                     " LEFT JOIN staff m ON m.ref = t.manager_ref WHERE t.name = $1")                                \
    /* Finding people and accounts a page at a time (svc/admin_view.h) through the indexes, so that                  \
     * a page costs what was found, not the organisation (ADMIN_PEOPLE_FOUND). */                                    \
    STMT2(ADMIN_PEOPLE_FIND, ADMIN_PEOPLE_FOUND(ADMIN_IDS("$1", "$2", "$4 + $5"), ADMIN_NAMES("$3")),                \
          ADMIN_PEOPLE_FOUND(ADMIN_IDS_PG("$1", "$2", "$4::bigint + $5::bigint"), ADMIN_NAMES_PG("$3")))             \
    STMT(ADMIN_PERSON, ADMIN_PERSON_COLS " FROM staff s" ADMIN_PERSON_JOINS "WHERE s.id = $1")                       \
    /* Accounts by username, $1 at most from $2 on; or those found (ADMIN_USERS_OF). */                              \
    STMT(ADMIN_USERS_PAGE, ADMIN_USER_SELECT ADMIN_USERS_ORDER)                                                      \
    STMT2(ADMIN_USERS_FIND,                                                                                          \
          ADMIN_USER_SELECT ADMIN_USERS_OF(ADMIN_IDS("$5", "$6", "-1"), ADMIN_NAMES("$7")) ADMIN_USERS_ORDER,        \
          ADMIN_USER_SELECT ADMIN_USERS_OF(ADMIN_IDS_PG("$5", "$6", "ALL"), ADMIN_NAMES_PG("$7")) ADMIN_USERS_ORDER) \
    /* The roles of the accounts $1, their refs as "1,2,3" (a page of them). */                                      \
    STMT2(ADMIN_USERS_ROLES,                                                                                         \
          "SELECT r.user_ref, r.role, r.scope FROM user_roles r"                                                     \
          " WHERE r.user_ref IN (SELECT value FROM json_each('[' || $1 || ']'))"                                     \
          " ORDER BY r.user_ref, r.role, r.scope",                                                                   \
          "SELECT r.user_ref, r.role, r.scope FROM user_roles r"                                                     \
          " WHERE r.user_ref = ANY (string_to_array($1, ',')::bigint[]) ORDER BY r.user_ref, r.role, r.scope")       \
    /* migrate: every table read in key order and written with its keys as they are. */                              \
    STMT(COPY_COUNTS, "SELECT " COPY_TABLES(COPY_COUNT, STMT, STMT2) "0")                                            \
    COPY_TABLES(COPY_STATEMENTS, STMT, STMT2)                                                                        \
    COPY_LINKS(COPY_LINK_STATEMENTS, STMT, STMT2)                                                                    \
    /* Keys were written as they were: new rows must be numbered after them. */                                      \
    STMT2(COPY_RENUMBER, "SELECT 1", "SELECT 1" COPY_TABLES(COPY_RENUMBER_TABLE, STMT, STMT2))                       \
    /* Every column of every table: name, column, type, whether an identity column                                   \
     * (SQLite: NULL, it cannot tell). For tests/unit/test_transfer.c. */                                            \
    STMT2(COPY_SCHEMA,                                                                                               \
          "SELECT m.name, p.name, p.type, NULL FROM sqlite_master m, pragma_table_info(m.name) p"                    \
          " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' ORDER BY m.name, p.cid",                            \
          "SELECT c.table_name, c.column_name, c.data_type,"                                                         \
          " CASE WHEN c.is_identity = 'YES' THEN 1 ELSE 0 END"                                                       \
          " FROM information_schema.columns c JOIN information_schema.tables t"                                      \
          " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"                                      \
          " WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"                                 \
          " ORDER BY c.table_name, c.ordinal_position")                                                              \
    STMT(DUE_STAFF_ALL, DUE_STAFF_SELECT)                                                                            \
    STMT(DUE_STAFF_TEAM, DUE_STAFF_SELECT "WHERE s.team_ref = (SELECT ref FROM teams WHERE name = $2)")              \
    STMT(DUE_STAFF_SUPERVISOR, DUE_STAFF_SELECT "WHERE s.supervisor_ref = (SELECT ref FROM staff WHERE id = $2)")    \
    STMT(DUE_STAFF_ONE, DUE_STAFF_SELECT "WHERE s.id = $2")                                                          \
    STMT(DUE_CASES_ALL, DUE_CASE_COLUMNS " FROM cases c WHERE" DUE_CASE_OPEN)                                        \
    STMT(DUE_CASES_TEAM, DUE_CASE_SELECT "AND w.team_ref = (SELECT ref FROM teams WHERE name = $2)")                 \
    STMT(DUE_CASES_SUPERVISOR, DUE_CASE_SELECT "AND w.supervisor_ref = (SELECT ref FROM staff WHERE id = $2)")       \
    STMT(DUE_CASES_WORKER, DUE_CASE_SELECT "AND w.id = $2")                                                          \
    STMT(DUE_STAFF_MANAGER, DUE_STAFF_SELECT "WHERE " DUE_MANAGED("s"))                                              \
    STMT(DUE_CASES_MANAGER, DUE_CASE_SELECT "AND " DUE_MANAGED("w"))                                                 \
    STMT(DUE_STAFF_SERVICE, DUE_STAFF_SELECT "WHERE " DUE_IN_SERVICE("s"))                                           \
    STMT(DUE_CASES_SERVICE, DUE_CASE_SELECT "AND " DUE_IN_SERVICE("w"))                                              \
    SUPERVISION_STATEMENTS(STMT, STMT2)                                                                              \
    DEVELOPMENT_STATEMENTS(STMT, STMT2)                                                                              \
    LOG_STATEMENTS(STMT, STMT2)                                                                                      \
    TRAIL_STATEMENTS(STMT, STMT2)                                                                                    \
    TRENDS_STATEMENTS(STMT, STMT2)                                                                                   \
    RETENTION_STATEMENTS(STMT, STMT2)                                                                                \
    AUDIT_STATEMENTS(STMT, STMT2)                                                                                    \
    NOTIFY_STATEMENTS(STMT, STMT2)                                                                                   \
    FEEDBACK_STATEMENTS(STMT, STMT2)

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
