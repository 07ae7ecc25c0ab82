-- Schema version 6 (PostgreSQL): account changes the person is told of, and
-- one-time links to choose a password. Keep in step with
-- sql/sqlite/006_account_notices.sql.
SELECT 1;
