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
--
-- PostgreSQL: one function each. The database-wide mark is set once per
-- statement; a team's generation moves once per transaction (a row this
-- transaction already wrote has it as its xmin: not a number stored in the
-- row, which a dump restored into another cluster would carry over), so
-- that a transaction writing many rows of one team leaves one row version,
-- not one per row.
ALTER TABLE data_generation ADD COLUMN whole INTEGER NOT NULL DEFAULT 0;
CREATE TABLE team_generation (
    team_ref BIGINT PRIMARY KEY,
    n BIGINT NOT NULL
);

CREATE FUNCTION generation_whole() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_generation SET n = n + 1, whole = 1 WHERE id = 1 AND whole = 0;
    RETURN NULL;
END $$;

-- The staff a row of table tbl is about (r: the row as JSON).
CREATE FUNCTION generation_subjects(tbl TEXT, r JSONB) RETURNS SETOF BIGINT LANGUAGE sql STABLE AS $$
    SELECT (r ->> 'staff_ref')::BIGINT WHERE tbl = 'attendees'
    UNION ALL SELECT (r ->> 'supervisee_ref')::BIGINT
        WHERE tbl IN ('agreements', 'bookings', 'records', 'actions', 'escalations')
    UNION ALL SELECT c.worker_ref FROM cases c
        WHERE tbl IN ('discussions', 'case_notes', 'case_concerns') AND c.ref = (r ->> 'case_ref')::BIGINT
    UNION ALL SELECT a.staff_ref FROM attendees a
        WHERE tbl = 'sessions' AND a.session_ref = (r ->> 'ref')::BIGINT
    UNION ALL SELECT c.worker_ref FROM discussions d JOIN cases c ON c.ref = d.case_ref
        WHERE tbl = 'sessions' AND d.session_ref = (r ->> 'ref')::BIGINT
    UNION ALL SELECT x.supervisee_ref FROM records x
        WHERE tbl = 'record_versions' AND x.ref = (r ->> 'record_ref')::BIGINT
    UNION ALL SELECT c.worker_ref FROM case_notes n JOIN cases c ON c.ref = n.case_ref
        WHERE tbl = 'record_versions' AND n.record_ref = (r ->> 'record_ref')::BIGINT
$$;

CREATE FUNCTION generation_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT whole FROM data_generation WHERE id = 1) <> 0 THEN
        RETURN NULL;
    END IF;
    INSERT INTO team_generation AS g (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s
    WHERE s.ref IN (SELECT generation_subjects(TG_TABLE_NAME, to_jsonb(NEW)) WHERE TG_OP <> 'DELETE'
                    UNION SELECT generation_subjects(TG_TABLE_NAME, to_jsonb(OLD)) WHERE TG_OP <> 'INSERT')
    ON CONFLICT (team_ref) DO UPDATE SET n = g.n + 1 WHERE g.xmin <> pg_current_xact_id()::xid;
    RETURN NULL;
END $$;

CREATE TRIGGER generation_settings AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_imports AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON imports
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_teams AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON teams
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_staff AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_services AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_cases AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cases
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_policy_history AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policy_history
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();

CREATE TRIGGER generation_sessions AFTER INSERT OR UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_attendees AFTER INSERT OR UPDATE OR DELETE ON attendees
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_discussions AFTER INSERT OR UPDATE OR DELETE ON discussions
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_agreements AFTER INSERT OR UPDATE OR DELETE ON agreements
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_bookings AFTER INSERT OR UPDATE OR DELETE ON bookings
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_records AFTER INSERT OR UPDATE OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_record_versions AFTER INSERT OR UPDATE OR DELETE ON record_versions
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_case_notes AFTER INSERT OR UPDATE OR DELETE ON case_notes
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_case_concerns AFTER INSERT OR UPDATE OR DELETE ON case_concerns
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_actions AFTER INSERT OR UPDATE OR DELETE ON actions
    FOR EACH ROW EXECUTE FUNCTION generation_team();
CREATE TRIGGER generation_escalations AFTER INSERT OR UPDATE OR DELETE ON escalations
    FOR EACH ROW EXECUTE FUNCTION generation_team();

-- A TRUNCATE (never made by the program; by hand, say) fires no row trigger:
-- it moves the database-wide generation instead.
CREATE TRIGGER generation_sessions_truncate AFTER TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_attendees_truncate AFTER TRUNCATE ON attendees
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_discussions_truncate AFTER TRUNCATE ON discussions
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_agreements_truncate AFTER TRUNCATE ON agreements
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_bookings_truncate AFTER TRUNCATE ON bookings
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_records_truncate AFTER TRUNCATE ON records
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_record_versions_truncate AFTER TRUNCATE ON record_versions
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_case_notes_truncate AFTER TRUNCATE ON case_notes
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_case_concerns_truncate AFTER TRUNCATE ON case_concerns
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_actions_truncate AFTER TRUNCATE ON actions
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
CREATE TRIGGER generation_escalations_truncate AFTER TRUNCATE ON escalations
    FOR EACH STATEMENT EXECUTE FUNCTION generation_whole();
