-- Schema version 8 (SQLite): confidential items across a record's
-- versions. Keep in step with sql/postgresql/008_confidentiality.sql.
SELECT 1;
