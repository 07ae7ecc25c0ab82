-- Schema version 24 (SQLite): how supervision feels, and workload concerns.
-- Keep in step with sql/postgresql/024_feedback_workload.sql.
--
-- Feedback is anonymous by construction (docs/security.md, "Feedback").
-- feedback_marks says who has answered (or said "not now") after which
-- signed record, and holds no answer: it is what stops a second answer and
-- what counts the distinct people behind a team's figures. answered: 1 when
-- the answers were given, 0 for "not now". quarter ('2026-Q4'), team and
-- service are those of the supervisee when they answered.
CREATE TABLE feedback_marks (
    record_ref INTEGER PRIMARY KEY REFERENCES records(ref),
    staff_ref INTEGER NOT NULL REFERENCES staff(ref),
    team_ref INTEGER REFERENCES teams(ref),
    service_ref INTEGER REFERENCES services(ref),
    quarter TEXT NOT NULL,
    answered INTEGER NOT NULL CHECK (answered IN (0, 1))
);
CREATE INDEX feedback_marks_team ON feedback_marks(quarter, team_ref);
CREATE INDEX feedback_marks_service ON feedback_marks(quarter, service_ref);

-- The answers: no person, record, session or time; only the team and
-- service and the quarter. id is a random token (256 bits) and the table has no
-- rowid (it is kept in the order of id), so neither a key nor the order of
-- the rows follows the order the answers came in. q1..q4: the four
-- questions (svc/feedback.h), 1 (not at all) to 5 (very much).
CREATE TABLE feedback_answers (
    id TEXT PRIMARY KEY,
    team_ref INTEGER REFERENCES teams(ref),
    service_ref INTEGER REFERENCES services(ref),
    quarter TEXT NOT NULL,
    q1 INTEGER NOT NULL CHECK (q1 BETWEEN 1 AND 5),
    q2 INTEGER NOT NULL CHECK (q2 BETWEEN 1 AND 5),
    q3 INTEGER NOT NULL CHECK (q3 BETWEEN 1 AND 5),
    q4 INTEGER NOT NULL CHECK (q4 BETWEEN 1 AND 5),
    comment TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX feedback_answers_team ON feedback_answers(quarter, team_ref);
CREATE INDEX feedback_answers_service ON feedback_answers(quarter, service_ref);

-- A worker saying their workload is unmanageable (svc/workload.h): it is
-- with their supervisor (supervisor_ref, as when raised) until respond_by,
-- then goes up the line by itself, as the policy's workload-response time
-- passes again and again: the supervisor's line manager, then the senior
-- managers of the service. Answered once (status 'answered').
CREATE TABLE workload_concerns (
    ref INTEGER PRIMARY KEY,
    staff_ref INTEGER NOT NULL REFERENCES staff(ref),
    supervisor_ref INTEGER REFERENCES staff(ref),
    service_ref INTEGER REFERENCES services(ref),
    raised_at INTEGER NOT NULL,
    raised_date TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered')),
    response TEXT,
    responded_by_ref INTEGER REFERENCES staff(ref),
    responded_at INTEGER
);
CREATE INDEX workload_concerns_staff ON workload_concerns(staff_ref);
CREATE INDEX workload_concerns_supervisor ON workload_concerns(supervisor_ref, status);
CREATE INDEX workload_concerns_service ON workload_concerns(service_ref, status);
