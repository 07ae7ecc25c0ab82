-- Schema version 18 (PostgreSQL): the record log (docs/record-format.md), an
-- append-only Merkle tree (RFC 9162) of the entries a change to a record
-- writes, and the signed checkpoints of it. Keep in step with
-- sql/sqlite/018_record_log.sql.
--
-- Hashes are 32 bytes written as 64 lower-case hex digits, so that they
-- travel as text through both backends and `oversight migrate` alike.
--
-- log_leaves: one row per entry, idx dense from 0 (assigned under the
-- writers' lock, in the change's own transaction: a rollback takes the row
-- with it). hash is the entry hash, SHA-256 of the entry's canonical bytes;
-- the tree's leaf is SHA-256(0x00 || hash). type is the entry's "type"
-- word; record_ref, version, session_ref and ref say which rows it records
-- (ref: the event's own row: a disagreement, a confidentiality event, a
-- case note), at when the change was made (Unix seconds).
CREATE TABLE log_leaves (
    idx BIGINT PRIMARY KEY CHECK (idx >= 0),
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    type TEXT NOT NULL,
    record_ref BIGINT,
    version BIGINT,
    session_ref BIGINT,
    ref BIGINT,
    at BIGINT NOT NULL
);
CREATE INDEX log_leaves_record ON log_leaves(record_ref, idx) WHERE record_ref IS NOT NULL;
CREATE INDEX log_leaves_session ON log_leaves(session_ref, idx) WHERE session_ref IS NOT NULL;

-- The tree's complete subtrees at levels 4, 8, 12, ... (2^level leaves
-- from idx << level), written when the leaf completing one is appended;
-- the levels between are computed from at most 16 of these or of leaves.
CREATE TABLE log_nodes (
    level BIGINT NOT NULL CHECK (level > 0 AND level % 4 = 0),
    idx BIGINT NOT NULL CHECK (idx >= 0),
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    PRIMARY KEY (level, idx)
);

-- Signed checkpoints (C2SP tlog-checkpoint): the tree's size and root, the
-- note as signed, and when (not signed: entries carry their own times).
CREATE TABLE log_checkpoints (
    size BIGINT PRIMARY KEY CHECK (size >= 0),
    root TEXT NOT NULL CHECK (length(root) = 64),
    signed_at BIGINT NOT NULL,
    note TEXT NOT NULL
);

-- The public halves of the log's signing keys (verifier keys, Go's
-- sumdb/note form); the private halves are in a key file, never here.
-- leaf: the `key` entry that introduced a later key.
CREATE TABLE log_keys (
    key_id TEXT PRIMARY KEY,
    vkey TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    retired_at BIGINT,
    leaf BIGINT
);

-- The log's one row: its origin (the checkpoints' first line, fixed once
-- one is signed) and state: 'ready' once `oversight log init` has run
-- (and, for a database with records, brought them in).
CREATE TABLE log_state (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    origin TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('backfilling', 'ready')),
    since BIGINT NOT NULL
);

-- A database with no records or case notes yet keeps its log from the
-- start: 'ready', unnamed until `oversight log init --origin NAME` names it
-- and makes its key. One that has them is set up by log init, which
-- brings them in.
INSERT INTO log_state (id, origin, state, since)
SELECT 1, '', 'ready', 0
WHERE NOT EXISTS (SELECT 1 FROM records) AND NOT EXISTS (SELECT 1 FROM case_notes);

-- What the entries need from the rows they record: a record's and a
-- discussion's key for its parts' salts (32 bytes, hex), the names of the
-- two as they were when a version was sent, and the version an action or
-- follow-up was written in.
ALTER TABLE records ADD COLUMN commit_key TEXT;
ALTER TABLE sessions ADD COLUMN commit_key TEXT;
ALTER TABLE record_versions ADD COLUMN supervisor_name TEXT;
ALTER TABLE record_versions ADD COLUMN supervisee_name TEXT;
ALTER TABLE actions ADD COLUMN version BIGINT;
ALTER TABLE action_updates ADD COLUMN version BIGINT;
