-- Schema version 1 (PostgreSQL). Keep in step with sql/sqlite/001_initial.sql;
-- see that file for why attendees and discussions copy their session's date.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE imports (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    rows BIGINT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE teams (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE staff (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT,
    role TEXT NOT NULL,
    team_ref BIGINT REFERENCES teams(ref),
    supervisor_ref BIGINT REFERENCES staff(ref),
    line_manager_ref BIGINT REFERENCES staff(ref),
    start_date DATE NOT NULL,
    fte_ppm INTEGER NOT NULL CHECK (fte_ppm > 0 AND fte_ppm <= 1000000),
    left_date DATE
);
CREATE INDEX staff_team ON staff(team_ref);
CREATE INDEX staff_supervisor ON staff(supervisor_ref);
CREATE INDEX staff_line_manager ON staff(line_manager_ref);

CREATE TABLE cases (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    worker_ref BIGINT NOT NULL REFERENCES staff(ref),
    allocated_date DATE NOT NULL,
    closed_date DATE,
    every TEXT
);
CREATE INDEX cases_worker ON cases(worker_ref);

CREATE TABLE sessions (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    date DATE NOT NULL,
    supervisor_ref BIGINT NOT NULL REFERENCES staff(ref),
    type TEXT NOT NULL CHECK (type IN ('individual', 'group', 'informal')),
    status TEXT NOT NULL CHECK (status IN ('held', 'cancelled'))
);
CREATE INDEX sessions_supervisor ON sessions(supervisor_ref, date);

CREATE TABLE attendees (
    session_ref BIGINT NOT NULL REFERENCES sessions(ref),
    staff_ref BIGINT NOT NULL REFERENCES staff(ref),
    date DATE NOT NULL,
    held_individual SMALLINT NOT NULL,
    PRIMARY KEY (session_ref, staff_ref)
);
CREATE INDEX attendees_held_individual ON attendees(staff_ref, date) WHERE held_individual = 1;

CREATE TABLE discussions (
    session_ref BIGINT NOT NULL REFERENCES sessions(ref),
    case_ref BIGINT NOT NULL REFERENCES cases(ref),
    date DATE NOT NULL,
    held SMALLINT NOT NULL,
    PRIMARY KEY (session_ref, case_ref)
);
CREATE INDEX discussions_held ON discussions(case_ref, date) WHERE held = 1;
