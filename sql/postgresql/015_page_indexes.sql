-- Schema version 15 (PostgreSQL): indexes so that a page reads what its viewer
-- can see, not the whole organisation (tests/cli/test_page_cost.sh). Keep in
-- step with sql/sqlite/015_page_indexes.sql.
--
-- A person's sessions and a case's discussions are found by the person or
-- the case (PAGE_PERSON_SESSIONS, PAGE_CASE_DISCUSSIONS), held or not, so
-- the partial indexes on held ones only (001_initial) give way to full ones
-- that still end in held and date: the last held session or discussion
-- before a date (DUE_STAFF_SELECT, DUE_CASE_SELECT, the due list's late
-- entries) is read from the index alone, as before. A record's actions and
-- the actions followed up in a record are found by the record.
CREATE INDEX attendees_staff ON attendees(staff_ref, held_individual, date);
DROP INDEX attendees_held_individual;
CREATE INDEX discussions_case ON discussions(case_ref, held, date);
DROP INDEX discussions_held;
CREATE INDEX actions_record ON actions(record_ref);
CREATE INDEX action_updates_record ON action_updates(record_ref);
