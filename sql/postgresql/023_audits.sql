-- Schema version 23 (PostgreSQL): quality audits (svc/audit.h). Keep in step
-- with sql/sqlite/023_audits.sql.
--
-- audit_draws: one per service and quarter ("2026-Q4"), never drawn again.
-- seed (16 hex digits) and the candidates' counts make the draw checkable:
-- the sampler (core/audit_sample.h) given the same candidates and seed
-- deals the same sample. drawn_by is the account (NULL: the command line,
-- named in actor).
CREATE TABLE audit_draws (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_ref BIGINT NOT NULL REFERENCES services(ref),
    quarter TEXT NOT NULL,
    seed TEXT NOT NULL,
    drawn_at BIGINT NOT NULL,
    drawn_by BIGINT REFERENCES users(ref),
    actor TEXT,
    records_eligible BIGINT NOT NULL,
    cases_eligible BIGINT NOT NULL,
    UNIQUE (service_ref, quarter)
);

-- audits: one item of a sample, assigned to one auditor (an account): a
-- supervision record at the version drawn, or a case file. supervisor_ref
-- receives the findings (the record's supervisor, the case worker's
-- supervisor); subject_ref is the supervisee or the worker. state: assigned,
-- draft (saved), completed (never changed again).
CREATE TABLE audits (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    draw_ref BIGINT NOT NULL REFERENCES audit_draws(ref),
    auditor_ref BIGINT NOT NULL REFERENCES users(ref),
    kind TEXT NOT NULL CHECK (kind IN ('record', 'case')),
    record_ref BIGINT REFERENCES records(ref),
    version BIGINT,
    case_ref BIGINT REFERENCES cases(ref),
    supervisor_ref BIGINT REFERENCES staff(ref),
    subject_ref BIGINT NOT NULL REFERENCES staff(ref),
    state TEXT NOT NULL CHECK (state IN ('assigned', 'draft', 'completed')),
    grade TEXT,
    findings TEXT NOT NULL DEFAULT '',
    saved_at BIGINT,
    completed_at BIGINT,
    CHECK ((kind = 'record') = (record_ref IS NOT NULL) AND (kind = 'case') = (case_ref IS NOT NULL))
);
CREATE INDEX audits_draw ON audits(draw_ref);
CREATE INDEX audits_auditor ON audits(auditor_ref, state);
CREATE INDEX audits_supervisor ON audits(supervisor_ref, state);

-- Each rubric question's grade and comment (the policy's question ids).
CREATE TABLE audit_answers (
    audit_ref BIGINT NOT NULL REFERENCES audits(ref),
    question TEXT NOT NULL,
    grade TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (audit_ref, question)
);

-- Remedial actions set by the auditor on a completed audit, for the
-- supervisor (owner_ref): open, done (the supervisor says so), closed (the
-- auditor confirms it).
CREATE TABLE audit_actions (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    audit_ref BIGINT NOT NULL REFERENCES audits(ref),
    owner_ref BIGINT NOT NULL REFERENCES staff(ref),
    text TEXT NOT NULL,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'closed')),
    created_at BIGINT NOT NULL,
    done_at BIGINT,
    done_note TEXT NOT NULL DEFAULT '',
    closed_at BIGINT
);
CREATE INDEX audit_actions_audit ON audit_actions(audit_ref);
CREATE INDEX audit_actions_owner ON audit_actions(owner_ref, status);
