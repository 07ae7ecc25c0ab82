-- Schema version 20 (PostgreSQL): the read trail (svc/trail.h, docs/record-format.md
-- "The read trail"): one row for every read of record content, a person's
-- page, a case's decisions, an export or a search, saying who read what,
-- when, from which address and under which role. Keep in step with
-- sql/sqlite/020_read_trail.sql.
--
-- seq is dense from 1, given under the writers' lock. The rows form a hash
-- chain: prev is the hash of row seq - 1 (64 zeros for row 1) and hash is
-- SHA-256 of the row's canonical serialisation, prev included (svc/trail.h),
-- both 64 lower-case hex digits. A row deleted, changed or moved breaks the
-- chain at that row, which `oversight audit verify` names.
--
-- account is the account's username at the time of the read, staff_ref its
-- staff record (NULL when it has none); kind says what was read ('record',
-- 'person', 'case', 'search', 'export', ...) and ref which row of it (the
-- record, staff or case ref; 0 when none, as for a search); detail is a
-- short text for people (a version, an id, what was searched for). No
-- foreign keys: the trail outlives what it names.
CREATE TABLE read_trail (
    seq BIGINT PRIMARY KEY CHECK (seq >= 1),
    at BIGINT NOT NULL,
    account TEXT NOT NULL,
    staff_ref BIGINT,
    role TEXT NOT NULL,
    address TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref BIGINT NOT NULL,
    detail TEXT NOT NULL,
    prev TEXT NOT NULL CHECK (length(prev) = 64),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
);
-- The reads of one thing (a record, a person), newest last; and one reader's.
CREATE INDEX read_trail_of ON read_trail(kind, ref, seq);
CREATE INDEX read_trail_by ON read_trail(staff_ref, seq) WHERE staff_ref IS NOT NULL;
