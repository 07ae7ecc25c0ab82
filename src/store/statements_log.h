/* statements_log.h: the named statements of the record log
 * (svc/record_log.c, sql/<dialect>/018_record_log.sql), part of the one
 * table in statements.h, which includes this file. Same rules: $1, $2, ...
 * parameters. Hashes are 64 lower-case hex digits. */
#ifndef OV_STATEMENTS_LOG_H
#define OV_STATEMENTS_LOG_H

/* The columns of LOG_CHECKPOINT_LATEST, in order. */
enum { LOG_CP_SIZE, LOG_CP_ROOT, LOG_CP_SIGNED_AT, LOG_CP_NOTE };

/* A case note's columns as part_note takes them (svc/record_log.c). */
#define LOG_NOTE_COLUMNS                                                                                          \
    "SELECT n.ref, c.id, n.date, w.id, n.written_at, n.origin_ref, n.changed, n.departs, n.withdrawn, n.prompts," \
    " n.synopsis, n.analysis, n.decision, n.rationale, n.tasks, n.departure, n.checklist FROM case_notes n"       \
    " JOIN cases c ON c.ref = n.case_ref JOIN staff w ON w.ref = n.written_by_ref"

#define LOG_STATEMENTS(STMT, STMT2)                                                                                    \
    /* The log's one row: origin, state, since. */                                                                     \
    STMT(LOG_STATE, "SELECT origin, state, since FROM log_state WHERE id = 1")                                         \
    STMT(LOG_STATE_ADD, "INSERT INTO log_state (id, origin, state, since) VALUES (1, $1, $2, $3)")                     \
    STMT(LOG_STATE_SET, "UPDATE log_state SET origin = $1, state = $2 WHERE id = 1")                                   \
    /* A new database's log, unnamed and empty: 1 or 0; and removed, for oversight migrate to copy. */                 \
    STMT(LOG_STATE_FRESH, "SELECT count(*) FROM log_state WHERE origin = ''"                                           \
                          " AND NOT EXISTS (SELECT 1 FROM log_leaves)")                                                \
    STMT(LOG_STATE_CLEAR_FRESH, "DELETE FROM log_state WHERE origin = '' AND NOT EXISTS (SELECT 1 FROM log_leaves)")   \
    /* The number of leaves as the highest index says (a row deleted below it is found by the reads). */               \
    STMT(LOG_SIZE, "SELECT coalesce(max(idx) + 1, 0) FROM log_leaves")                                                 \
    STMT(LOG_LEAF_ADD, "INSERT INTO log_leaves (idx, hash, type, record_ref, version, session_ref, ref, at, entry)"    \
                       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")                                                 \
    /* What `oversight log check` reads: leaves $1 <= idx < $2 with their entries, and every checkpoint. */            \
    STMT(LOG_LEAVES_CHECK_RANGE, "SELECT idx, hash, type, record_ref, version, session_ref, entry FROM log_leaves"     \
                                 " WHERE idx >= $1 AND idx < $2 ORDER BY idx")                                         \
    STMT(LOG_CHECKPOINTS_ALL, "SELECT size, root, signed_at, note FROM log_checkpoints ORDER BY size")                 \
    /* The leaves recording record $1, or session $1, in index order. */                                               \
    STMT(LOG_LEAVES_OF_RECORD, "SELECT idx, hash, type, record_ref, version, session_ref, ref, at, entry"              \
                               " FROM log_leaves WHERE record_ref = $1 ORDER BY idx")                                  \
    STMT(LOG_LEAVES_OF_SESSION, "SELECT idx, hash, type, record_ref, version, session_ref, ref, at, entry"             \
                                " FROM log_leaves WHERE session_ref = $1 ORDER BY idx")                                \
    /* Leaves $1 <= idx < $2 and the stored nodes of level $1 with $2 <= idx < $3, in index order. */                  \
    STMT(LOG_LEAVES_RANGE, "SELECT idx, hash FROM log_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx")               \
    STMT(LOG_NODES_RANGE, "SELECT idx, hash FROM log_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx")  \
    STMT(LOG_NODE_ADD, "INSERT INTO log_nodes (level, idx, hash) VALUES ($1, $2, $3)")                                 \
    STMT(LOG_CHECKPOINT_LATEST, "SELECT size, root, signed_at, note FROM log_checkpoints ORDER BY size DESC LIMIT 1")  \
    STMT(LOG_CHECKPOINT_ADD, "INSERT INTO log_checkpoints (size, root, signed_at, note) VALUES ($1, $2, $3, $4)")      \
    /* The read trail's latest anchor (a read-trail leaf, ref: the trail row anchored), and the first checkpoint       \
     * signed over leaf $1 (size > $1). */                                                                             \
    STMT(LOG_TRAIL_ANCHOR_LATEST, "SELECT idx, hash, ref, at, entry FROM log_leaves WHERE type = 'read-trail'"         \
                                  " ORDER BY idx DESC LIMIT 1")                                                        \
    STMT(LOG_CHECKPOINT_OVER, "SELECT size, signed_at FROM log_checkpoints WHERE size > $1 ORDER BY size LIMIT 1")     \
    /* The verifier keys: one added once (a second init with the same key adds nothing). */                            \
    STMT(LOG_KEY_ADD, "INSERT INTO log_keys (key_id, vkey, added_at) VALUES ($1, $2, $3)"                              \
                      " ON CONFLICT (key_id) DO NOTHING")                                                              \
    /* A key in force (1) or not (0); retired when another replaces it; the leaf of the key entry that added it. */    \
    STMT(LOG_KEY_IN_FORCE, "SELECT count(*) FROM log_keys WHERE key_id = $1 AND retired_at IS NULL")                   \
    STMT(LOG_KEY_RETIRE, "UPDATE log_keys SET retired_at = $2 WHERE key_id = $1")                                      \
    STMT(LOG_KEY_LEAF_SET, "UPDATE log_keys SET leaf = $2 WHERE key_id = $1")                                          \
    STMT(LOG_KEYS_ALL, "SELECT vkey FROM log_keys ORDER BY added_at, key_id")                                          \
    STMT(LOG_KEYS_CURRENT, "SELECT vkey FROM log_keys WHERE retired_at IS NULL ORDER BY added_at, key_id")             \
    /* Whether the database had records or case notes before it kept its log (to bring in). */                         \
    STMT(LOG_ANY_RECORD, "SELECT (SELECT count(*) FROM (SELECT 1 FROM records LIMIT 1) r)"                             \
                         " + (SELECT count(*) FROM (SELECT 1 FROM case_notes LIMIT 1) n)")                             \
    /* What the entries of a record's changes are built from, as the change has left the rows. */                      \
    STMT(LOG_RECORD_HEAD, "SELECT r.date, r.commit_key, sup.id, see.id, coalesce(v.supervisor_name, sup.name),"        \
                          " coalesce(v.supervisee_name, see.name), v.reason FROM records r"                            \
                          " JOIN record_versions v ON v.record_ref = r.ref AND v.version = $2"                         \
                          " JOIN staff sup ON sup.ref = r.supervisor_ref JOIN staff see ON see.ref = r.supervisee_ref" \
                          " WHERE r.ref = $1")                                                                         \
    /* Whether a record or session still has its commitment key (1), or had it deleted by retention (0). */            \
    STMT(LOG_RECORD_HAS_KEY, "SELECT count(*) FROM records WHERE ref = $1 AND commit_key IS NOT NULL")                 \
    STMT(LOG_SESSION_HAS_KEY, "SELECT count(*) FROM sessions WHERE ref = $1 AND commit_key IS NOT NULL")               \
    STMT(LOG_RECORD_KEY_SET, "UPDATE records SET commit_key = $2 WHERE ref = $1 AND commit_key IS NULL")               \
    /* The names of the two as they are when a version is sent, kept with it. */                                       \
    STMT(LOG_VERSION_NAMES_SET,                                                                                        \
         "UPDATE record_versions SET"                                                                                  \
         " supervisor_name = (SELECT s.name FROM records r JOIN staff s ON s.ref = r.supervisor_ref"                   \
         " WHERE r.ref = $1),"                                                                                         \
         " supervisee_name = (SELECT s.name FROM records r JOIN staff s ON s.ref = r.supervisee_ref"                   \
         " WHERE r.ref = $1) WHERE record_ref = $1 AND version = $2")                                                  \
    STMT(LOG_VERSION_ITEMS,                                                                                            \
         "SELECT topic, text FROM record_items WHERE record_ref = $1 AND version = $2 ORDER BY topic")                 \
    STMT(LOG_VERSION_NOTES, LOG_NOTE_COLUMNS " WHERE n.record_ref = $1 AND n.version = $2 ORDER BY n.ref")             \
    STMT(LOG_SESSION_NOTES, LOG_NOTE_COLUMNS " WHERE n.session_ref = $1 AND n.record_ref IS NULL ORDER BY n.ref")      \
    STMT(LOG_SESSION_HEAD, "SELECT date, type, commit_key FROM sessions WHERE ref = $1")                               \
    STMT(LOG_SESSION_KEY_SET, "UPDATE sessions SET commit_key = $2 WHERE ref = $1 AND commit_key IS NULL")             \
    STMT(LOG_NOTE_ANSWERS, "SELECT prompt, text FROM case_note_answers WHERE note_ref = $1 ORDER BY prompt")           \
    STMT(LOG_VERSION_ACTIONS, "SELECT a.ref, o.id, a.text, a.due_date, c.id FROM actions a"                            \
                              " JOIN staff o ON o.ref = a.owner_ref LEFT JOIN cases c ON c.ref = a.case_ref"           \
                              " WHERE a.record_ref = $1 AND a.version = $2 ORDER BY a.ref")                            \
    STMT(LOG_VERSION_FOLLOW_UPS, "SELECT ref, action_ref, status, note FROM action_updates"                            \
                                 " WHERE record_ref = $1 AND version = $2 ORDER BY ref")                               \
    /* The actions and follow-ups written in the draft of version $2. */                                               \
    STMT(LOG_ACTION_VERSION_SET, "UPDATE actions SET version = $2 WHERE ref = $1")                                     \
    STMT(LOG_FOLLOW_UP_VERSION_SET, "UPDATE action_updates SET version = $3"                                           \
                                    " WHERE ref = (SELECT max(ref) FROM action_updates"                                \
                                    " WHERE action_ref = $1 AND record_ref = $2)")                                     \
    STMT(LOG_VERSION_LEAF, "SELECT idx, hash, at FROM log_leaves WHERE record_ref = $1 AND version = $2"               \
                           " AND type = 'version' ORDER BY idx DESC LIMIT 1")                                          \
    STMT(LOG_VERSION_HASH, "SELECT hash FROM log_leaves WHERE record_ref = $1 AND version = $2"                        \
                           " AND type = 'version' ORDER BY idx DESC LIMIT 1")                                          \
    STMT(LOG_STAFF_ID, "SELECT id FROM staff WHERE ref = $1")                                                          \
    /* The disagreement $3 with version $2 (0: the latest). */                                                         \
    STMT(LOG_DISAGREEMENT_LAST, "SELECT ref, text FROM disagreements WHERE record_ref = $1 AND version = $2"           \
                                " AND (CAST($3 AS BIGINT) = 0 OR ref = CAST($3 AS BIGINT))"                            \
                                " ORDER BY ref DESC LIMIT 1")                                                          \
    /* Every version sent and every event on one, in the order they happened (a version begun, sent,                   \
     * then answered; events on an item after): kind, at, record, version, ref, by, topic. */                          \
    STMT(LOG_BACKFILL_EVENTS,                                                                                          \
         "SELECT kind, at, record_ref, version, ref, by_ref, topic FROM ("                                             \
         " SELECT 'amended' AS kind, v.written_at AS at, v.record_ref, v.version, 0 AS ref,"                           \
         "  r.supervisor_ref AS by_ref, '' AS topic, 0 AS rank FROM record_versions v"                                 \
         "  JOIN records r ON r.ref = v.record_ref WHERE v.version > 1 AND EXISTS (SELECT 1 FROM record_versions p"    \
         "  WHERE p.record_ref = v.record_ref AND p.version = v.version - 1 AND p.sent_at IS NOT NULL)"                \
         " UNION ALL SELECT 'version', v.sent_at, v.record_ref, v.version, 0, r.supervisor_ref, '', 1"                 \
         "  FROM record_versions v JOIN records r ON r.ref = v.record_ref WHERE v.sent_at IS NOT NULL"                 \
         " UNION ALL SELECT 'signed', v.supervisee_signed_at, v.record_ref, v.version, 0, r.supervisee_ref, '', 2"     \
         "  FROM record_versions v JOIN records r ON r.ref = v.record_ref"                                             \
         "  WHERE v.supervisee_signed_at IS NOT NULL AND v.sent_at IS NOT NULL"                                        \
         " UNION ALL SELECT 'disagreed', d.at, d.record_ref, d.version, d.ref, d.by_ref, '', 2 FROM disagreements d"   \
         " UNION ALL SELECT e.kind, e.at, e.record_ref, NULL, e.ref, e.by_ref, e.topic, 3"                             \
         "  FROM record_confidential_events e"                                                                         \
         " UNION ALL SELECT 'discussion', min(n.written_at), NULL, NULL, n.session_ref, min(n.written_by_ref), '', 4"  \
         "  FROM case_notes n WHERE n.record_ref IS NULL GROUP BY n.session_ref) x"                                    \
         " ORDER BY at, coalesce(record_ref, 0), coalesce(version, 1000000000), rank, ref")                            \
    STMT(LOG_CONFIDENTIAL_EVENT_LAST, "SELECT max(ref) FROM record_confidential_events"                                \
                                      " WHERE record_ref = $1 AND topic = $2")                                         \
    /* A person's supervision file (svc/export.c): who they are, the records they are one of the two of, and the       \
     * checkpoints signed before the one the file uses (size $1), most recent first, at most $2. */                    \
    STMT(LOG_EXPORT_PERSON, "SELECT ref, id, name FROM staff WHERE id = $1")                                           \
    STMT(LOG_EXPORT_CASE, "SELECT ref, id FROM cases WHERE id = $1")                                                   \
    STMT(LOG_EXPORT_CASE_NOTES,                                                                                        \
         "SELECT ref, record_ref, session_ref FROM case_notes WHERE case_ref = $1 ORDER BY ref")                       \
    STMT(LOG_EXPORT_RECORDS, "SELECT ref FROM records WHERE supervisor_ref = $1 OR supervisee_ref = $1 ORDER BY ref")  \
    STMT(LOG_EXPORT_CHECKPOINTS_BEFORE, "SELECT size, root FROM log_checkpoints WHERE size < $1"                       \
                                        " ORDER BY size DESC LIMIT $2")

#endif
