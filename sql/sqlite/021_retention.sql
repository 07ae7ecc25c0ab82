-- Schema version 21 (SQLite): what the retention policy purged. Keep in
-- step with sql/postgresql/021_retention.sql.
--
-- `oversight retention run` deletes the texts of a record, or of a case
-- discussion held outside one, once the policy's period for it has run out
-- (svc/retention.h), and deletes its commitment key so that nothing left
-- can prove what the texts were. What stays is the skeleton: who, when,
-- that it existed, and this row, which says it was purged, when, as of
-- which date and under which line of which policy. leaf: the `purged`
-- entry appended to the record log for it (NULL if none could be).
-- Exactly one of record_ref and session_ref; each is purged once.
CREATE TABLE purges (
    ref INTEGER PRIMARY KEY,
    record_ref INTEGER UNIQUE REFERENCES records(ref),
    session_ref INTEGER UNIQUE REFERENCES sessions(ref),
    at INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    policy TEXT NOT NULL,
    rule TEXT NOT NULL,
    leaf INTEGER,
    CHECK ((record_ref IS NULL) <> (session_ref IS NULL))
);
