-- Schema version 13 (SQLite): decisions corrected in a new version of a
-- record, actions marked done by their owner, and the record page's draft.
-- Keep in step with sql/postgresql/013_record_followups.sql.
--
-- A case note copied into a new version of its record is the same decision:
-- origin_ref is the note it was first made as (NULL on that first note);
-- changed is 1 when this version made or corrected it, 0 when it was carried
-- over unchanged (the worker is told of changed ones only); withdrawn is why
-- this version withdrew it ('' while it stands).
ALTER TABLE case_notes ADD COLUMN origin_ref INTEGER;
ALTER TABLE case_notes ADD COLUMN changed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE case_notes ADD COLUMN withdrawn TEXT NOT NULL DEFAULT '';
-- Copies made before this version: a note of a later version written at the
-- same moment by the same person as one of an earlier version of the record
-- was copied from it.
UPDATE case_notes SET changed = 0, origin_ref = (SELECT min(o.ref) FROM case_notes o
    WHERE o.record_ref = case_notes.record_ref AND o.version < case_notes.version
    AND o.case_ref = case_notes.case_ref AND o.written_at = case_notes.written_at
    AND o.written_by_ref = case_notes.written_by_ref)
WHERE version > 1 AND EXISTS (SELECT 1 FROM case_notes o
    WHERE o.record_ref = case_notes.record_ref AND o.version < case_notes.version
    AND o.case_ref = case_notes.case_ref AND o.written_at = case_notes.written_at
    AND o.written_by_ref = case_notes.written_by_ref);

-- The owner of an open action says it is done (reported_at); it is done
-- once the supervisor confirms (status 'done'). The owner's word is an
-- update with reported = 1 (its status stays 'open').
ALTER TABLE actions ADD COLUMN reported_at INTEGER;
ALTER TABLE action_updates ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;

-- What the supervisor has typed on the record page and not yet added (a
-- case discussion, an action, a follow-up), by field, kept with the draft
-- version so that no button and no expired sign-in loses it.
CREATE TABLE record_drafts (
    record_ref INTEGER NOT NULL REFERENCES records(ref),
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (record_ref, version, name)
) WITHOUT ROWID;
