-- Schema version 9 (PostgreSQL): supervision made in the application counts
-- once its record is sent, and late entries are kept. Keep in step with
-- sql/sqlite/009_late_entries.sql.
--
-- late_days: how many days after the session's date it was entered (0 when
-- entered on or before the day; always 0 for imported history). A booking
-- keeps the lateness of its last booking or move; the session made when it
-- is held takes it over. A group or informal discussion is entered when it
-- is written.
ALTER TABLE sessions ADD COLUMN late_days INTEGER NOT NULL DEFAULT 0 CHECK (late_days >= 0);
ALTER TABLE bookings ADD COLUMN late_days INTEGER NOT NULL DEFAULT 0 CHECK (late_days >= 0);
CREATE INDEX sessions_late ON sessions(ref) WHERE late_days > 0;
-- Records not yet sent, for the due list's `record` rows.
CREATE INDEX record_versions_draft ON record_versions(record_ref) WHERE state = 'draft' AND version = 1;

UPDATE bookings SET late_days = greatest(0, (SELECT (to_timestamp(max(e.at)) AT TIME ZONE 'UTC')::date
    FROM booking_events e WHERE e.booking_ref = bookings.ref AND e.kind IN ('booked', 'moved')) - date::date)
WHERE EXISTS (SELECT 1 FROM booking_events e WHERE e.booking_ref = bookings.ref AND e.kind IN ('booked', 'moved'));
UPDATE sessions SET late_days = (SELECT b.late_days FROM bookings b WHERE b.session_ref = sessions.ref)
WHERE ref IN (SELECT session_ref FROM bookings WHERE session_ref IS NOT NULL);
UPDATE sessions SET late_days = greatest(0, (SELECT (to_timestamp(min(n.written_at)) AT TIME ZONE 'UTC')::date
    FROM case_notes n WHERE n.session_ref = sessions.ref) - date::date)
WHERE ref IN (SELECT session_ref FROM case_notes WHERE record_ref IS NULL);

-- A session held in the application whose record was never sent counted
-- at once until now: it counts for nothing until its record is sent.
UPDATE attendees SET held_individual = 0
WHERE held_individual = 1 AND session_ref IN (SELECT b.session_ref FROM bookings b
    JOIN records r ON r.booking_ref = b.ref
    JOIN record_versions v ON v.record_ref = r.ref AND v.version = 1 WHERE v.state = 'draft');
UPDATE discussions SET held = 0
WHERE held = 1 AND session_ref IN (SELECT b.session_ref FROM bookings b
    JOIN records r ON r.booking_ref = b.ref
    JOIN record_versions v ON v.record_ref = r.ref AND v.version = 1 WHERE v.state = 'draft');
