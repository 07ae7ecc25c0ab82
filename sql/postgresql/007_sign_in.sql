-- Schema version 7 (PostgreSQL): signing in: failed attempts by account and
-- address, recovery codes, sealed two-factor secrets. Keep in step with
-- sql/sqlite/007_sign_in.sql.
--
-- sign_in_failures now holds one row per failed attempt under a key naming
-- what it counts against (svc/session.c): "pair USERNAME ADDRESS", "address
-- ADDRESS", "code ACCOUNT" (wrong second-factor codes). The rows kept under
-- the old keys (a bare username) would lock nobody out any more: dropped.
DELETE FROM sign_in_failures;
CREATE INDEX sign_in_failures_at ON sign_in_failures(at);

-- The old set-up page wrote the secret it offered into the account, in the
-- clear, before any code proved the app held it: forgotten. The set-up form
-- now carries the secret sealed, and the account keeps only sealed secrets
-- (those of accounts with two-factor on are sealed on their next use).
UPDATE users SET totp_secret = NULL WHERE totp_enabled = 0;

-- Single-use recovery codes for a lost second factor, kept only as hashes;
-- used_at is when one was used (it is then spent).
CREATE TABLE recovery_codes (
    user_ref BIGINT NOT NULL REFERENCES users(ref),
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_ref, code_hash)
);
