-- Schema version 12 (PostgreSQL): the policies that have been in force.
-- Keep in step with sql/sqlite/012_policy_history.sql.
--
-- One row per policy put in force (svc/policy_change.h), the latest being
-- the one in force now (its text is also settings' 'policy'). applied_from
-- is the date it applied from; applied_at the Unix time it was applied;
-- user_ref the admin's account, or actor who it was when not an account
-- ('command line (unix user alice)', or 'in force at install' for the
-- policy a database had before its first change).
CREATE TABLE policy_history (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    applied_from DATE NOT NULL,
    applied_at BIGINT NOT NULL,
    user_ref BIGINT REFERENCES users(ref),
    actor TEXT
);
