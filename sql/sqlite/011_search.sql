-- Schema version 11 (SQLite): finding people, cases and records (svc/search.h).
-- Keep in step with sql/postgresql/011_search.sql.
--
-- search_staff and search_cases are the words of each staff member's and
-- each case's name, as full-text indexes (FTS5) whose rowid is the row's
-- ref: external content (the names stay in staff and cases, which a scan
-- of the index reads), case-insensitive and accent-insensitive (unicode61
-- with remove_diacritics), with prefix indexes for the two and three
-- letters people start typing. The triggers keep them in step with every
-- writer. They are derived: `oversight migrate` copies staff and cases, and
-- the target's triggers index them there (src/store/transfer.c,
-- transfer_not_copied).
--
-- An external-content index forgets a row only when told the words it
-- held, so the triggers pass the old name; a case without a name is never
-- indexed, and a name written again unchanged (a re-import) is left alone.
CREATE VIRTUAL TABLE search_staff USING fts5(
    name, content='staff', content_rowid='ref', columnsize=0,
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE VIRTUAL TABLE search_cases USING fts5(
    name, content='cases', content_rowid='ref', columnsize=0,
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');

CREATE TRIGGER search_staff_insert AFTER INSERT ON staff BEGIN
    INSERT INTO search_staff (rowid, name) VALUES (new.ref, new.name);
END;
CREATE TRIGGER search_staff_update AFTER UPDATE OF name ON staff WHEN old.name IS NOT new.name BEGIN
    INSERT INTO search_staff (search_staff, rowid, name) VALUES ('delete', old.ref, old.name);
    INSERT INTO search_staff (rowid, name) VALUES (new.ref, new.name);
END;
CREATE TRIGGER search_staff_delete AFTER DELETE ON staff BEGIN
    INSERT INTO search_staff (search_staff, rowid, name) VALUES ('delete', old.ref, old.name);
END;

CREATE TRIGGER search_cases_insert AFTER INSERT ON cases WHEN new.name IS NOT NULL BEGIN
    INSERT INTO search_cases (rowid, name) VALUES (new.ref, new.name);
END;
CREATE TRIGGER search_cases_update AFTER UPDATE OF name ON cases WHEN old.name IS NOT new.name BEGIN
    INSERT INTO search_cases (search_cases, rowid, name)
        SELECT 'delete', old.ref, old.name WHERE old.name IS NOT NULL;
    INSERT INTO search_cases (rowid, name) SELECT new.ref, new.name WHERE new.name IS NOT NULL;
END;
CREATE TRIGGER search_cases_delete AFTER DELETE ON cases WHEN old.name IS NOT NULL BEGIN
    INSERT INTO search_cases (search_cases, rowid, name) VALUES ('delete', old.ref, old.name);
END;

INSERT INTO search_staff (search_staff) VALUES ('rebuild');
INSERT INTO search_cases (search_cases) VALUES ('rebuild');

-- Ids typed in any case: an exact id and the ids beginning with what was
-- typed are one index range each.
CREATE INDEX staff_id_fold ON staff(lower(id));
CREATE INDEX cases_id_fold ON cases(lower(id));

-- Records by date (an auditor's search; everyone else's is within their
-- share, by the indexes on supervisee and supervisor).
CREATE INDEX records_date ON records(date);
