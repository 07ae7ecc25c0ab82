-- Team generations moved once per statement, not once per row
-- (016_scoped_generations.sql holds the decisions; they are unchanged).
-- The row triggers of 016 ran generation_team for every row written, and
-- each asked data_generation whether the transaction had already moved the
-- database-wide generation: an import of 14 million discussions ran 14
-- million trigger calls and queries that all answered "nothing to do"
-- (about a fifth of the server's time for the INSERT). A statement trigger
-- asks once and, when there is something to do, finds the teams of every
-- row the statement wrote at once, from its transition tables (the rows as
-- they were, OLD TABLE, and as they are, NEW TABLE). PostgreSQL allows
-- transition tables only on a trigger for one event: three triggers a table.
-- Like a row trigger, each runs at the end of its statement and sees what
-- the statement wrote; an INSERT ... ON CONFLICT DO UPDATE runs the insert
-- and the update triggers, each with its own rows.

-- The teams of the staff a statement's rows are about (016's
-- generation_subjects); once per transaction each (the xmin rule of 016).
CREATE FUNCTION generation_move(subjects BIGINT[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO team_generation AS g (team_ref, n)
    SELECT DISTINCT coalesce(s.team_ref, 0), 1 FROM staff s WHERE s.ref = ANY (subjects)
    ON CONFLICT (team_ref) DO UPDATE SET n = g.n + 1 WHERE g.xmin <> pg_current_xact_id()::xid;
$$;

-- A statement's transition tables are named new_rows and old_rows; only
-- those its event has may be read.
CREATE FUNCTION generation_team_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT whole FROM data_generation WHERE id = 1) <> 0 THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM generation_move(ARRAY(SELECT x FROM new_rows r, generation_subjects(TG_TABLE_NAME, to_jsonb(r)) x));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM generation_move(ARRAY(SELECT x FROM old_rows r, generation_subjects(TG_TABLE_NAME, to_jsonb(r)) x));
    ELSE
        PERFORM generation_move(ARRAY(SELECT x FROM new_rows r, generation_subjects(TG_TABLE_NAME, to_jsonb(r)) x
                                      UNION SELECT x FROM old_rows r, generation_subjects(TG_TABLE_NAME, to_jsonb(r)) x));
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['sessions', 'attendees', 'discussions', 'agreements', 'bookings', 'records',
                             'record_versions', 'case_notes', 'case_concerns', 'actions', 'escalations'] LOOP
        EXECUTE format('DROP TRIGGER generation_%s ON %I', t, t);
        EXECUTE format('CREATE TRIGGER generation_%s_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION generation_team_rows()', t, t);
        EXECUTE format('CREATE TRIGGER generation_%s_update AFTER UPDATE ON %I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION generation_team_rows()', t, t);
        EXECUTE format('CREATE TRIGGER generation_%s_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION generation_team_rows()', t, t);
    END LOOP;
END $$;

DROP FUNCTION generation_team();
