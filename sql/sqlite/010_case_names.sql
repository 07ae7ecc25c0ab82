-- Schema version 10 (SQLite): a child's name or initials on their case.
-- Keep in step with sql/postgresql/010_case_names.sql.
--
-- Optional (cases.csv's `name` column); shown only to whoever may see the
-- case. NULL when the import gave none.
ALTER TABLE cases ADD COLUMN name TEXT;
