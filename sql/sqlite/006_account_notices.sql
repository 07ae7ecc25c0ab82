-- Schema version 6 (SQLite): account changes the person is told of, and
-- one-time links to choose a password. Keep in step with
-- sql/postgresql/006_account_notices.sql.
SELECT 1;
