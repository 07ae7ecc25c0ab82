-- Schema version 3 (SQLite): services and team managers, two-factor sign-in,
-- and the record of administrative changes. Keep in step with
-- sql/postgresql/003_organisation.sql.

CREATE TABLE services (
    ref INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- A team belongs to one service and has one manager; both may be unknown
-- until `oversight import teams` (or an admin) says.
ALTER TABLE teams ADD COLUMN service_ref INTEGER REFERENCES services(ref);
ALTER TABLE teams ADD COLUMN manager_ref INTEGER REFERENCES staff(ref);
CREATE INDEX teams_service ON teams(service_ref);
CREATE INDEX teams_manager ON teams(manager_ref);

-- Two-factor sign-in (RFC 6238). totp_secret is set while setting up and
-- kept once enabled; totp_last_step refuses a code used twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- A session whose password was right but whose second factor is still due.
ALTER TABLE web_sessions ADD COLUMN second_factor_due INTEGER NOT NULL DEFAULT 0;

-- Who changed accounts, roles, teams and imports, and when (Unix seconds).
-- Rows are only ever added.
CREATE TABLE audit_log (
    ref INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    user_ref INTEGER REFERENCES users(ref),
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
