-- Generations by scope (web/page_cache.h). A kept due list is shown only
-- while the generations it was made at stand still: the database-wide one
-- (data_generation.n) and that of each team it shows (team_generation.n;
-- team_ref 0 is the people in no team). Triggers move them, so that no
-- write, by whichever program or path, can leave a kept page older than the
-- data. tests/unit/svc/test_generations.c holds the decision for every
-- table: a new table fails it until it is decided.
--
-- The due lists read, for the people in view: their attendances, their
-- cases' discussions, case notes and concerns, their agreements, bookings,
-- records and their versions, actions and escalations. A change to one of
-- those moves the generation of the team of the person it is about (the
-- supervisee, a case's worker). The organisation itself (staff, teams,
-- services, cases), the policy in force and imports move the database-wide
-- generation; a transaction that has done so marks it (whole = 1), its team
-- triggers then do nothing more (an import pays once, not per row), and its
-- commit clears the mark (store.c). Everything else (accounts, sign-in,
-- audit rows, agenda items, record texts, inbox, write keys) no kept page
-- shows.
ALTER TABLE data_generation ADD COLUMN whole INTEGER NOT NULL DEFAULT 0;
CREATE TABLE team_generation (
    team_ref INTEGER PRIMARY KEY,
    n INTEGER NOT NULL
);

CREATE TRIGGER generation_settings_insert AFTER INSERT ON settings BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_settings_update AFTER UPDATE ON settings BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_settings_delete AFTER DELETE ON settings BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_imports_insert AFTER INSERT ON imports BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_imports_update AFTER UPDATE ON imports BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_imports_delete AFTER DELETE ON imports BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_teams_insert AFTER INSERT ON teams BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_teams_update AFTER UPDATE ON teams BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_teams_delete AFTER DELETE ON teams BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_staff_insert AFTER INSERT ON staff BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_staff_update AFTER UPDATE ON staff BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_staff_delete AFTER DELETE ON staff BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_services_insert AFTER INSERT ON services BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_services_update AFTER UPDATE ON services BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_services_delete AFTER DELETE ON services BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_cases_insert AFTER INSERT ON cases BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_cases_update AFTER UPDATE ON cases BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_cases_delete AFTER DELETE ON cases BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_policy_history_insert AFTER INSERT ON policy_history BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_policy_history_update AFTER UPDATE ON policy_history BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;
CREATE TRIGGER generation_policy_history_delete AFTER DELETE ON policy_history BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
END;

CREATE TRIGGER generation_sessions_insert AFTER INSERT ON sessions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT a.staff_ref FROM attendees a WHERE a.session_ref = NEW.ref UNION SELECT c.worker_ref FROM discussions d JOIN cases c ON c.ref = d.case_ref WHERE d.session_ref = NEW.ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_sessions_update AFTER UPDATE ON sessions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT a.staff_ref FROM attendees a WHERE a.session_ref = NEW.ref UNION SELECT c.worker_ref FROM discussions d JOIN cases c ON c.ref = d.case_ref WHERE d.session_ref = NEW.ref UNION SELECT a.staff_ref FROM attendees a WHERE a.session_ref = OLD.ref UNION SELECT c.worker_ref FROM discussions d JOIN cases c ON c.ref = d.case_ref WHERE d.session_ref = OLD.ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_sessions_delete AFTER DELETE ON sessions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT a.staff_ref FROM attendees a WHERE a.session_ref = OLD.ref UNION SELECT c.worker_ref FROM discussions d JOIN cases c ON c.ref = d.case_ref WHERE d.session_ref = OLD.ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_attendees_insert AFTER INSERT ON attendees
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.staff_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_attendees_update AFTER UPDATE ON attendees
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.staff_ref UNION SELECT OLD.staff_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_attendees_delete AFTER DELETE ON attendees
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT OLD.staff_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_discussions_insert AFTER INSERT ON discussions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT c.worker_ref FROM cases c WHERE c.ref = NEW.case_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_discussions_update AFTER UPDATE ON discussions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT c.worker_ref FROM cases c WHERE c.ref = NEW.case_ref UNION SELECT c.worker_ref FROM cases c WHERE c.ref = OLD.case_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_discussions_delete AFTER DELETE ON discussions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT c.worker_ref FROM cases c WHERE c.ref = OLD.case_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_agreements_insert AFTER INSERT ON agreements
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_agreements_update AFTER UPDATE ON agreements
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref UNION SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_agreements_delete AFTER DELETE ON agreements
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_bookings_insert AFTER INSERT ON bookings
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_bookings_update AFTER UPDATE ON bookings
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref UNION SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_bookings_delete AFTER DELETE ON bookings
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_records_insert AFTER INSERT ON records
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_records_update AFTER UPDATE ON records
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref UNION SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_records_delete AFTER DELETE ON records
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_record_versions_insert AFTER INSERT ON record_versions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT r.supervisee_ref FROM records r WHERE r.ref = NEW.record_ref UNION SELECT c.worker_ref FROM case_notes n JOIN cases c ON c.ref = n.case_ref WHERE n.record_ref = NEW.record_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_record_versions_update AFTER UPDATE ON record_versions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT r.supervisee_ref FROM records r WHERE r.ref = NEW.record_ref UNION SELECT c.worker_ref FROM case_notes n JOIN cases c ON c.ref = n.case_ref WHERE n.record_ref = NEW.record_ref UNION SELECT r.supervisee_ref FROM records r WHERE r.ref = OLD.record_ref UNION SELECT c.worker_ref FROM case_notes n JOIN cases c ON c.ref = n.case_ref WHERE n.record_ref = OLD.record_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_record_versions_delete AFTER DELETE ON record_versions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT r.supervisee_ref FROM records r WHERE r.ref = OLD.record_ref UNION SELECT c.worker_ref FROM case_notes n JOIN cases c ON c.ref = n.case_ref WHERE n.record_ref = OLD.record_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_case_notes_insert AFTER INSERT ON case_notes
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT c.worker_ref FROM cases c WHERE c.ref = NEW.case_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_case_notes_update AFTER UPDATE ON case_notes
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT c.worker_ref FROM cases c WHERE c.ref = NEW.case_ref UNION SELECT c.worker_ref FROM cases c WHERE c.ref = OLD.case_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_case_notes_delete AFTER DELETE ON case_notes
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT c.worker_ref FROM cases c WHERE c.ref = OLD.case_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_case_concerns_insert AFTER INSERT ON case_concerns
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT c.worker_ref FROM cases c WHERE c.ref = NEW.case_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_case_concerns_update AFTER UPDATE ON case_concerns
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT c.worker_ref FROM cases c WHERE c.ref = NEW.case_ref UNION SELECT c.worker_ref FROM cases c WHERE c.ref = OLD.case_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_case_concerns_delete AFTER DELETE ON case_concerns
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT c.worker_ref FROM cases c WHERE c.ref = OLD.case_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_actions_insert AFTER INSERT ON actions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_actions_update AFTER UPDATE ON actions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref UNION SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_actions_delete AFTER DELETE ON actions
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_escalations_insert AFTER INSERT ON escalations
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_escalations_update AFTER UPDATE ON escalations
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT NEW.supervisee_ref UNION SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER generation_escalations_delete AFTER DELETE ON escalations
WHEN (SELECT whole FROM data_generation WHERE id = 1) = 0 BEGIN
    INSERT INTO team_generation (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref IN (SELECT OLD.supervisee_ref)
    ON CONFLICT (team_ref) DO UPDATE SET n = n + 1;
END;
