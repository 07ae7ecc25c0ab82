-- Schema version 24 (PostgreSQL): how supervision feels, and workload
-- concerns. Keep in step with sql/sqlite/024_feedback_workload.sql, which
-- says what each column is. feedback_answers has no identity column: its
-- key is random (docs/security.md, "Feedback").
CREATE TABLE feedback_marks (
    record_ref BIGINT PRIMARY KEY REFERENCES records(ref),
    staff_ref BIGINT NOT NULL REFERENCES staff(ref),
    team_ref BIGINT REFERENCES teams(ref),
    service_ref BIGINT REFERENCES services(ref),
    quarter TEXT NOT NULL,
    answered INTEGER NOT NULL CHECK (answered IN (0, 1))
);
CREATE INDEX feedback_marks_team ON feedback_marks(quarter, team_ref);
CREATE INDEX feedback_marks_service ON feedback_marks(quarter, service_ref);

CREATE TABLE feedback_answers (
    id TEXT PRIMARY KEY,
    team_ref BIGINT REFERENCES teams(ref),
    service_ref BIGINT REFERENCES services(ref),
    quarter TEXT NOT NULL,
    q1 INTEGER NOT NULL CHECK (q1 BETWEEN 1 AND 5),
    q2 INTEGER NOT NULL CHECK (q2 BETWEEN 1 AND 5),
    q3 INTEGER NOT NULL CHECK (q3 BETWEEN 1 AND 5),
    q4 INTEGER NOT NULL CHECK (q4 BETWEEN 1 AND 5),
    comment TEXT NOT NULL
);
CREATE INDEX feedback_answers_team ON feedback_answers(quarter, team_ref);
CREATE INDEX feedback_answers_service ON feedback_answers(quarter, service_ref);

CREATE TABLE workload_concerns (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_ref BIGINT NOT NULL REFERENCES staff(ref),
    supervisor_ref BIGINT REFERENCES staff(ref),
    service_ref BIGINT REFERENCES services(ref),
    raised_at BIGINT NOT NULL,
    raised_date DATE NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered')),
    response TEXT,
    responded_by_ref BIGINT REFERENCES staff(ref),
    responded_at BIGINT
);
CREATE INDEX workload_concerns_staff ON workload_concerns(staff_ref);
CREATE INDEX workload_concerns_supervisor ON workload_concerns(supervisor_ref, status);
CREATE INDEX workload_concerns_service ON workload_concerns(service_ref, status);
