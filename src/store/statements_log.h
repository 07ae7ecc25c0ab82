/* statements_log.h: the named statements of the record log
 * (svc/record_log.c, sql/<dialect>/018_record_log.sql), part of the one
 * table in statements.h, which includes this file. Same rules: $1, $2, ...
 * parameters. Hashes are 64 lower-case hex digits. */
#ifndef OV_STATEMENTS_LOG_H
#define OV_STATEMENTS_LOG_H

/* The columns of LOG_CHECKPOINT_LATEST, in order. */
enum { LOG_CP_SIZE, LOG_CP_ROOT, LOG_CP_SIGNED_AT, LOG_CP_NOTE };

#define LOG_STATEMENTS(STMT, STMT2)                                                                                   \
    /* The log's one row: origin, state, since. */                                                                    \
    STMT(LOG_STATE, "SELECT origin, state, since FROM log_state WHERE id = 1")                                        \
    STMT(LOG_STATE_ADD, "INSERT INTO log_state (id, origin, state, since) VALUES (1, $1, $2, $3)")                    \
    STMT(LOG_STATE_SET, "UPDATE log_state SET origin = $1, state = $2 WHERE id = 1")                                  \
    /* The number of leaves as the highest index says (a row deleted below it is found by the reads). */              \
    STMT(LOG_SIZE, "SELECT coalesce(max(idx) + 1, 0) FROM log_leaves")                                                \
    STMT(LOG_LEAF_ADD, "INSERT INTO log_leaves (idx, hash, type, record_ref, version, session_ref, ref, at)"          \
                       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")                                                    \
    /* Leaves $1 <= idx < $2 and the stored nodes of level $1 with $2 <= idx < $3, in index order. */                 \
    STMT(LOG_LEAVES_RANGE, "SELECT idx, hash FROM log_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx")              \
    STMT(LOG_NODES_RANGE, "SELECT idx, hash FROM log_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx") \
    STMT(LOG_NODE_ADD, "INSERT INTO log_nodes (level, idx, hash) VALUES ($1, $2, $3)")                                \
    STMT(LOG_CHECKPOINT_LATEST, "SELECT size, root, signed_at, note FROM log_checkpoints ORDER BY size DESC LIMIT 1") \
    STMT(LOG_CHECKPOINT_ADD, "INSERT INTO log_checkpoints (size, root, signed_at, note) VALUES ($1, $2, $3, $4)")     \
    /* The verifier keys: one added once (a second init with the same key adds nothing). */                           \
    STMT(LOG_KEY_ADD, "INSERT INTO log_keys (key_id, vkey, added_at) VALUES ($1, $2, $3)"                             \
                      " ON CONFLICT (key_id) DO NOTHING")                                                             \
    STMT(LOG_KEYS_CURRENT, "SELECT vkey FROM log_keys WHERE retired_at IS NULL ORDER BY added_at, key_id")

#endif
