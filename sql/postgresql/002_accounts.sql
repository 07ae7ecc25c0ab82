-- Schema version 2 (PostgreSQL): accounts for the web application. Keep in step
-- with sql/sqlite/002_accounts.sql.
--
-- Passwords are stored only as Argon2id hashes (libsodium's encoded form).
-- Session tokens are stored only as BLAKE2b hashes: the database never holds
-- anything a thief could present as a cookie. Times are Unix seconds.

CREATE TABLE users (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    staff_ref BIGINT REFERENCES staff(ref),
    password_hash TEXT NOT NULL,
    disabled SMALLINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_staff ON users(staff_ref) WHERE staff_ref IS NOT NULL;

-- Roles an admin grants; supervisor and line-manager rights follow from the
-- staff data instead. scope: the service of a senior manager, '' otherwise.
CREATE TABLE user_roles (
    user_ref BIGINT NOT NULL REFERENCES users(ref),
    role TEXT NOT NULL CHECK (role IN ('admin', 'auditor', 'senior-manager')),
    scope TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (user_ref, role, scope)
);

CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    user_ref BIGINT NOT NULL REFERENCES users(ref),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX web_sessions_user ON web_sessions(user_ref);

-- Failed sign-ins, for throttling across every app server.
CREATE TABLE sign_in_failures (
    username TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_username ON sign_in_failures(username, at);
