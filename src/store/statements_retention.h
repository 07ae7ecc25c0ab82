/* statements_retention.h: the named statements of the retention policy
 * (svc/retention.c, sql/<dialect>/021_retention.sql), part of the one table
 * in statements.h, which includes this file. Same rules: $1, $2, ...
 * parameters; dates 'YYYY-MM-DD'. */
#ifndef OV_STATEMENTS_RETENTION_H
#define OV_STATEMENTS_RETENTION_H

/* The columns of RETENTION_RECORDS and RETENTION_SESSIONS, in order. */
enum {
    RT_REF,
    RT_DATE,
    RT_SUPERVISEE_ID, /* a session outside a record: its id */
    RT_SUPERVISOR_ID,
    RT_LEFT_DATE,  /* the supervisee's last day (NULL: employed); NULL for a session */
    RT_LAST_AT,    /* the latest signature, sending or writing of any version (Unix seconds); NULL for a session */
    RT_CLOSED_MAX, /* the latest closing date of the cases discussed in it (NULL: none closed) */
    RT_OPEN_CASES, /* how many of the cases discussed in it are open */
    RT_NOTES       /* how many case notes it holds */
};

/* The case notes of a record ($1 record), or of a session outside a record. */
#define RT_NOTES_OF_RECORD "SELECT ref FROM case_notes WHERE record_ref = $1"
#define RT_NOTES_OF_SESSION "SELECT ref FROM case_notes WHERE session_ref = $1 AND record_ref IS NULL"
#define RT_CASES(where)                                                                        \
    " (SELECT max(c.closed_date) FROM case_notes n JOIN cases c ON c.ref = n.case_ref"         \
    " WHERE " where "), (SELECT count(*) FROM case_notes n JOIN cases c ON c.ref = n.case_ref" \
    " WHERE " where " AND c.closed_date IS NULL), (SELECT count(*) FROM case_notes n WHERE " where ")"

#define RETENTION_STATEMENTS(STMT, STMT2)                                                                                                            \
    /* Every record not purged yet, with what its expiry is reckoned from. Each version's latest event is the first of                               \
     * its supervisee's signature, the supervisor's, its sending and its writing that it has. */                                                     \
    STMT(                                                                                                                                            \
        RETENTION_RECORDS,                                                                                                                           \
        "SELECT r.ref, r.date, see.id, sup.id, see.left_date,"                                                                                       \
        " (SELECT max(coalesce(v.supervisee_signed_at, v.supervisor_signed_at, v.sent_at,"                                                           \
        " v.written_at)) FROM record_versions v WHERE v.record_ref = r.ref)," RT_CASES(                                                              \
            "n.record_ref = r.ref") " FROM records r JOIN staff see ON see.ref = r.supervisee_ref"                                                   \
                                    " JOIN staff sup ON sup.ref = r.supervisor_ref"                                                                  \
                                    " WHERE NOT EXISTS (SELECT 1 FROM purges p WHERE p.record_ref = r.ref) ORDER BY r.ref")                          \
    /* Every session with case notes outside a record (informal, group) not purged yet. */                                                           \
    STMT(                                                                                                                                            \
        RETENTION_SESSIONS,                                                                                                                          \
        "SELECT s.ref, s.date, s.id, sup.id, NULL, NULL," RT_CASES(                                                                                  \
            "n.session_ref = s.ref AND n.record_ref IS NULL") " FROM sessions s JOIN staff sup ON sup.ref = s.supervisor_ref"                        \
                                                              " WHERE EXISTS (SELECT 1 FROM case_notes n WHERE n.session_ref = s.ref"                \
                                                              " AND n.record_ref IS NULL)"                                                           \
                                                              " AND NOT EXISTS (SELECT 1 FROM purges p WHERE p.session_ref = s.ref) ORDER BY s.ref") \
    /* Purging record $1: every text of it, and its commitment key. The skeleton stays: who, when, which cases were                                  \
     * discussed, each version's state and times. */                                                                                                 \
    STMT(RETENTION_RECORD_ITEMS, "UPDATE record_items SET text = '' WHERE record_ref = $1")                                                          \
    STMT(RETENTION_RECORD_REASONS, "UPDATE record_versions SET reason = '' WHERE record_ref = $1")                                                   \
    STMT(RETENTION_RECORD_ANSWERS, "DELETE FROM case_note_answers WHERE note_ref IN (" RT_NOTES_OF_RECORD ")")                                       \
    STMT(RETENTION_RECORD_NOTES, "UPDATE case_notes SET prompts = '', synopsis = '', analysis = '', decision = '',"                                  \
                                 " rationale = '', tasks = '', departure = '', checklist = '', withdrawn = ''"                                       \
                                 " WHERE record_ref = $1")                                                                                           \
    STMT(RETENTION_RECORD_ACTIONS, "UPDATE actions SET text = '' WHERE record_ref = $1")                                                             \
    STMT(RETENTION_RECORD_FOLLOW_UPS, "UPDATE action_updates SET note = '' WHERE record_ref = $1")                                                   \
    STMT(RETENTION_RECORD_DISAGREEMENTS, "UPDATE disagreements SET text = '' WHERE record_ref = $1")                                                 \
    STMT(RETENTION_RECORD_DRAFTS, "DELETE FROM record_drafts WHERE record_ref = $1")                                                                 \
    STMT(RETENTION_RECORD_AGENDA, "UPDATE agenda_items SET text = ''"                                                                                \
                                  " WHERE booking_ref = (SELECT booking_ref FROM records WHERE ref = $1)")                                           \
    STMT(RETENTION_RECORD_BOOKING_REASONS, "UPDATE booking_events SET reason = ''"                                                                   \
                                           " WHERE booking_ref = (SELECT booking_ref FROM records WHERE ref = $1)")                                  \
    STMT(RETENTION_RECORD_ESCALATIONS, "UPDATE escalation_events SET text = ''"                                                                      \
                                       " WHERE escalation_ref IN (SELECT ref FROM escalations WHERE record_ref = $1)")                               \
    STMT(RETENTION_RECORD_KEY, "UPDATE records SET commit_key = NULL WHERE ref = $1")                                                                \
    /* Purging the case notes of session $1 held outside a record, and its commitment key. */                                                        \
    STMT(RETENTION_SESSION_ANSWERS, "DELETE FROM case_note_answers WHERE note_ref IN (" RT_NOTES_OF_SESSION ")")                                     \
    STMT(RETENTION_SESSION_NOTES, "UPDATE case_notes SET prompts = '', synopsis = '', analysis = '', decision = '',"                                 \
                                  " rationale = '', tasks = '', departure = '', checklist = '', withdrawn = ''"                                      \
                                  " WHERE session_ref = $1 AND record_ref IS NULL")                                                                  \
    STMT(RETENTION_SESSION_KEY, "UPDATE sessions SET commit_key = NULL WHERE ref = $1")                                                              \
    /* What was purged: record $1 or session $2, at $3, as of $4, under policy $5's line $6; its purged entry $7. */                                 \
    STMT(RETENTION_PURGE_ADD, "INSERT INTO purges (record_ref, session_ref, at, as_of, policy, rule, leaf)"                                          \
                              " VALUES ($1, $2, $3, $4, $5, $6, $7)")                                                                                \
    /* When record $1 was purged, as of which date, under which line: one row or none. */                                                            \
    STMT(RETENTION_PURGE_OF_RECORD, "SELECT at, as_of, rule FROM purges WHERE record_ref = $1")                                                      \
    STMT(RETENTION_PURGE_OF_SESSION, "SELECT at, as_of, rule FROM purges WHERE session_ref = $1")                                                    \
    /* store_scrub on PostgreSQL: the tables a purge writes, vacuumed (not in a transaction). Nothing on SQLite, whose                               \
     * scrub is a checkpoint of its WAL. */                                                                                                          \
    STMT2(RETENTION_VACUUM, "",                                                                                                                      \
          "VACUUM record_items, record_versions, case_notes, case_note_answers, actions, action_updates,"                                            \
          " disagreements, record_drafts, agenda_items, booking_events, escalation_events, records, sessions")

#endif
