-- Schema version 19 (PostgreSQL): each leaf of the record log keeps its entry's
-- canonical bytes (docs/record-format.md), so that a copy of a record
-- carries the entry exactly as it was logged. An entry holds no text of a
-- record (its parts are commitments), so keeping it gives nothing away.
-- Leaves logged before this version have none: a copy names them as
-- logged before entries were kept. Keep in step with
-- sql/sqlite/019_log_entries.sql.
ALTER TABLE log_leaves ADD COLUMN entry TEXT;
