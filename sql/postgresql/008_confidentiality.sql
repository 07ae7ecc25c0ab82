-- Schema version 8 (PostgreSQL): confidential items across a record's
-- versions. Keep in step with sql/sqlite/008_confidentiality.sql.
SELECT 1;
