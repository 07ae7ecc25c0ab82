-- Schema version 1 (SQLite): the organisation, its cases and its supervision
-- history. Keep in step with sql/postgresql/001_initial.sql.
--
-- Rows carry a surrogate integer key (ref) and the organisation's own id.
-- attendees and discussions copy their session's date and whether it counts
-- (held; held individual) so that "most recent counting session on or before
-- a date" is one index seek per person or case.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE imports (
    ref INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE teams (
    ref INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE staff (
    ref INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT,
    role TEXT NOT NULL,
    team_ref INTEGER REFERENCES teams(ref),
    supervisor_ref INTEGER REFERENCES staff(ref),
    line_manager_ref INTEGER REFERENCES staff(ref),
    start_date TEXT NOT NULL,
    fte_ppm INTEGER NOT NULL CHECK (fte_ppm > 0 AND fte_ppm <= 1000000),
    left_date TEXT
);
CREATE INDEX staff_team ON staff(team_ref);
CREATE INDEX staff_supervisor ON staff(supervisor_ref);
CREATE INDEX staff_line_manager ON staff(line_manager_ref);

CREATE TABLE cases (
    ref INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    worker_ref INTEGER NOT NULL REFERENCES staff(ref),
    allocated_date TEXT NOT NULL,
    closed_date TEXT,
    every TEXT
);
CREATE INDEX cases_worker ON cases(worker_ref);

CREATE TABLE sessions (
    ref INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    date TEXT NOT NULL,
    supervisor_ref INTEGER NOT NULL REFERENCES staff(ref),
    type TEXT NOT NULL CHECK (type IN ('individual', 'group', 'informal')),
    status TEXT NOT NULL CHECK (status IN ('held', 'cancelled'))
);
CREATE INDEX sessions_supervisor ON sessions(supervisor_ref, date);

CREATE TABLE attendees (
    session_ref INTEGER NOT NULL REFERENCES sessions(ref),
    staff_ref INTEGER NOT NULL REFERENCES staff(ref),
    date TEXT NOT NULL,
    held_individual INTEGER NOT NULL,
    PRIMARY KEY (session_ref, staff_ref)
) WITHOUT ROWID;
CREATE INDEX attendees_held_individual ON attendees(staff_ref, date) WHERE held_individual = 1;

CREATE TABLE discussions (
    session_ref INTEGER NOT NULL REFERENCES sessions(ref),
    case_ref INTEGER NOT NULL REFERENCES cases(ref),
    date TEXT NOT NULL,
    held INTEGER NOT NULL,
    PRIMARY KEY (session_ref, case_ref)
) WITHOUT ROWID;
CREATE INDEX discussions_held ON discussions(case_ref, date) WHERE held = 1;
