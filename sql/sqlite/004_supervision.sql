-- Schema version 4 (SQLite): supervision itself. Agreements, bookings,
-- agendas, records (in versions), case notes, actions, sign-off, disputes,
-- escalations and the in-app inbox. Keep in step with
-- sql/postgresql/004_supervision.sql.
--
-- Nothing here is ever deleted or overwritten once it matters: a cancelled
-- booking keeps its row and its reason; a record changed after signing is a
-- new version beside the old; a disagreement and an escalation's history
-- are only ever added to. Times of actions are Unix seconds (at); the dates
-- people plan by are civil 'YYYY-MM-DD' text.

-- A supervision agreement between a supervisee and their supervisor. A new
-- row (version) each time the terms change or the supervisor changes; the
-- earlier one is kept with superseded_at set. In force once both agreed;
-- due for review a year after the later agreement.
CREATE TABLE agreements (
    ref INTEGER PRIMARY KEY,
    supervisee_ref INTEGER NOT NULL REFERENCES staff(ref),
    supervisor_ref INTEGER NOT NULL REFERENCES staff(ref),
    every TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 480),
    place TEXT NOT NULL,
    record_keeping TEXT NOT NULL,
    content TEXT NOT NULL,
    confidentiality TEXT NOT NULL,
    disagreements TEXT NOT NULL,
    written_by_ref INTEGER NOT NULL REFERENCES staff(ref),
    written_at INTEGER NOT NULL,
    supervisor_agreed_at INTEGER,
    supervisee_agreed_at INTEGER,
    agreed_date TEXT,
    superseded_at INTEGER
);
CREATE INDEX agreements_supervisee ON agreements(supervisee_ref, ref);
CREATE INDEX agreements_review ON agreements(agreed_date) WHERE superseded_at IS NULL;

-- A planned supervision session. status: booked (to come), held (its record
-- is the records row), cancelled (who and why in booking_events). Moving a
-- booking changes its date in place and bumps sequence, so calendar programs
-- move the event rather than add a second; booking_events keeps the earlier
-- date. session_ref: the history row (sessions) made when it was held or
-- cancelled, which the due rules read like any imported session.
CREATE TABLE bookings (
    ref INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    supervisor_ref INTEGER NOT NULL REFERENCES staff(ref),
    supervisee_ref INTEGER NOT NULL REFERENCES staff(ref),
    date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 480),
    place TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('booked', 'held', 'cancelled')),
    sequence INTEGER NOT NULL DEFAULT 0,
    session_ref INTEGER REFERENCES sessions(ref),
    created_by_ref INTEGER NOT NULL REFERENCES staff(ref),
    created_at INTEGER NOT NULL
);
CREATE INDEX bookings_supervisee ON bookings(supervisee_ref, date);
CREATE INDEX bookings_supervisor ON bookings(supervisor_ref, date);

-- What happened to a booking: booked, moved (from the earlier date and time),
-- cancelled (by whom, why), held. Only ever added to.
CREATE TABLE booking_events (
    ref INTEGER PRIMARY KEY,
    booking_ref INTEGER NOT NULL REFERENCES bookings(ref),
    at INTEGER NOT NULL,
    by_ref INTEGER NOT NULL REFERENCES staff(ref),
    kind TEXT NOT NULL CHECK (kind IN ('booked', 'moved', 'cancelled', 'held')),
    old_date TEXT,
    old_start_time TEXT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX booking_events_booking ON booking_events(booking_ref);

-- Agenda items either side adds before a session. kind: worry (the
-- supervisee's worries, first on the agenda), topic, case (a case to
-- discuss) or sample (a case the supervisor drew at random). Open actions
-- and cases due for discussion are proposed from the live data instead.
-- An item is confidential when both sides marked it so.
CREATE TABLE agenda_items (
    ref INTEGER PRIMARY KEY,
    booking_ref INTEGER NOT NULL REFERENCES bookings(ref),
    author_ref INTEGER NOT NULL REFERENCES staff(ref),
    kind TEXT NOT NULL CHECK (kind IN ('worry', 'topic', 'case', 'sample')),
    text TEXT NOT NULL DEFAULT '',
    case_ref INTEGER REFERENCES cases(ref),
    confidential_supervisor INTEGER NOT NULL DEFAULT 0,
    confidential_supervisee INTEGER NOT NULL DEFAULT 0,
    added_at INTEGER NOT NULL
);
CREATE INDEX agenda_items_booking ON agenda_items(booking_ref);

-- The record of a held session, in versions. Version 1 is written by the
-- supervisor; state: draft (being written), sent (to the supervisee),
-- signed (by both: locked), disputed (the supervisee disagreed). A change
-- after signing or a dispute is version n+1, which both sign again.
CREATE TABLE records (
    ref INTEGER PRIMARY KEY,
    booking_ref INTEGER NOT NULL UNIQUE REFERENCES bookings(ref),
    supervisor_ref INTEGER NOT NULL REFERENCES staff(ref),
    supervisee_ref INTEGER NOT NULL REFERENCES staff(ref),
    date TEXT NOT NULL,
    latest_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX records_supervisee ON records(supervisee_ref, date);
CREATE INDEX records_supervisor ON records(supervisor_ref, date);

CREATE TABLE record_versions (
    record_ref INTEGER NOT NULL REFERENCES records(ref),
    version INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'signed', 'disputed')),
    reason TEXT NOT NULL DEFAULT '',
    written_at INTEGER NOT NULL,
    sent_at INTEGER,
    sent_date TEXT,
    supervisor_signed_at INTEGER,
    supervisee_signed_at INTEGER,
    PRIMARY KEY (record_ref, version)
) WITHOUT ROWID;
CREATE INDEX record_versions_unsigned ON record_versions(sent_date) WHERE state = 'sent';

-- The record's text in the policy's areas: one row per topic (workload,
-- wellbeing, leave, events; needs, training, first-year, registration; and
-- free notes), each confidential when both sides marked it so.
CREATE TABLE record_items (
    record_ref INTEGER NOT NULL,
    version INTEGER NOT NULL,
    topic TEXT NOT NULL,
    text TEXT NOT NULL,
    confidential_supervisor INTEGER NOT NULL DEFAULT 0,
    confidential_supervisee INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (record_ref, version, topic),
    FOREIGN KEY (record_ref, version) REFERENCES record_versions(record_ref, version)
) WITHOUT ROWID;

-- A case discussed: in a record (record_ref, version), or an informal or
-- group discussion (session_ref only). It goes onto the child's record.
-- prompts: the reflective prompt set used; answers in case_note_answers.
-- departs: the decision departs from procedure (departure: why).
-- checklist: family placement topics covered, comma-separated ids.
CREATE TABLE case_notes (
    ref INTEGER PRIMARY KEY,
    case_ref INTEGER NOT NULL REFERENCES cases(ref),
    session_ref INTEGER NOT NULL REFERENCES sessions(ref),
    record_ref INTEGER,
    version INTEGER,
    date TEXT NOT NULL,
    written_by_ref INTEGER NOT NULL REFERENCES staff(ref),
    written_at INTEGER NOT NULL,
    prompts TEXT NOT NULL DEFAULT '',
    synopsis TEXT NOT NULL DEFAULT '',
    analysis TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL,
    rationale TEXT NOT NULL DEFAULT '',
    tasks TEXT NOT NULL DEFAULT '',
    departs INTEGER NOT NULL DEFAULT 0,
    departure TEXT NOT NULL DEFAULT '',
    checklist TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (record_ref, version) REFERENCES record_versions(record_ref, version)
);
CREATE INDEX case_notes_case ON case_notes(case_ref, date);
CREATE INDEX case_notes_record ON case_notes(record_ref, version);

CREATE TABLE case_note_answers (
    note_ref INTEGER NOT NULL REFERENCES case_notes(ref),
    prompt TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (note_ref, prompt)
) WITHOUT ROWID;

-- Family placement incidents and allegations: open until resolved, shown at
-- every session on the case until then.
CREATE TABLE case_concerns (
    ref INTEGER PRIMARY KEY,
    case_ref INTEGER NOT NULL REFERENCES cases(ref),
    kind TEXT NOT NULL CHECK (kind IN ('incident', 'allegation')),
    text TEXT NOT NULL,
    raised_date TEXT NOT NULL,
    raised_by_ref INTEGER NOT NULL REFERENCES staff(ref),
    resolved_date TEXT,
    resolution TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_concerns_case ON case_concerns(case_ref);

-- Actions agreed in supervision: whose supervision (supervisee), who does it
-- (owner), by when; followed up at each session until closed.
CREATE TABLE actions (
    ref INTEGER PRIMARY KEY,
    supervisee_ref INTEGER NOT NULL REFERENCES staff(ref),
    owner_ref INTEGER NOT NULL REFERENCES staff(ref),
    record_ref INTEGER REFERENCES records(ref),
    case_ref INTEGER REFERENCES cases(ref),
    text TEXT NOT NULL,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    created_at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE INDEX actions_supervisee ON actions(supervisee_ref, status);
CREATE INDEX actions_owner ON actions(owner_ref, status);
CREATE INDEX actions_open_due ON actions(due_date) WHERE status = 'open';

-- Each follow-up of an action: at which session, by whom, what was said.
CREATE TABLE action_updates (
    ref INTEGER PRIMARY KEY,
    action_ref INTEGER NOT NULL REFERENCES actions(ref),
    record_ref INTEGER REFERENCES records(ref),
    at INTEGER NOT NULL,
    by_ref INTEGER NOT NULL REFERENCES staff(ref),
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_updates_action ON action_updates(action_ref);

-- A supervisee's disagreement with a version of a record, in their own
-- words. Never removed or changed.
CREATE TABLE disagreements (
    ref INTEGER PRIMARY KEY,
    record_ref INTEGER NOT NULL,
    version INTEGER NOT NULL,
    by_ref INTEGER NOT NULL REFERENCES staff(ref),
    at INTEGER NOT NULL,
    text TEXT NOT NULL,
    FOREIGN KEY (record_ref, version) REFERENCES record_versions(record_ref, version)
);
CREATE INDEX disagreements_record ON disagreements(record_ref);

-- An escalation: of a disagreement (record_ref) or of a worker not receiving
-- supervision. Level 1 goes to the supervisor's line manager (assignee_ref),
-- level 2 to the senior managers of the supervisee's service. respond_by:
-- the date a response is due. Its history is escalation_events.
CREATE TABLE escalations (
    ref INTEGER PRIMARY KEY,
    subject TEXT NOT NULL CHECK (subject IN ('disagreement', 'no-supervision')),
    supervisee_ref INTEGER NOT NULL REFERENCES staff(ref),
    supervisor_ref INTEGER REFERENCES staff(ref),
    record_ref INTEGER REFERENCES records(ref),
    raised_by_ref INTEGER NOT NULL REFERENCES staff(ref),
    raised_at INTEGER NOT NULL,
    level INTEGER NOT NULL CHECK (level IN (1, 2)),
    assignee_ref INTEGER REFERENCES staff(ref),
    service_ref INTEGER REFERENCES services(ref),
    respond_by TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved'))
);
CREATE INDEX escalations_open ON escalations(respond_by) WHERE status = 'open';
CREATE INDEX escalations_assignee ON escalations(assignee_ref);
CREATE INDEX escalations_supervisee ON escalations(supervisee_ref);

CREATE TABLE escalation_events (
    ref INTEGER PRIMARY KEY,
    escalation_ref INTEGER NOT NULL REFERENCES escalations(ref),
    at INTEGER NOT NULL,
    by_ref INTEGER NOT NULL REFERENCES staff(ref),
    kind TEXT NOT NULL CHECK (kind IN ('raised', 'response', 'escalated', 'resolved')),
    text TEXT NOT NULL
);
CREATE INDEX escalation_events_escalation ON escalation_events(escalation_ref);

-- The in-app inbox: a message to a person (a case note written on one of
-- their cases, a record to sign, an escalation's response).
CREATE TABLE inbox (
    ref INTEGER PRIMARY KEY,
    staff_ref INTEGER NOT NULL REFERENCES staff(ref),
    at INTEGER NOT NULL,
    text TEXT NOT NULL,
    link TEXT NOT NULL,
    read_at INTEGER
);
CREATE INDEX inbox_staff ON inbox(staff_ref, ref);

-- A person's calendar feed: the secret in its URL, stored hashed like a
-- session token.
CREATE TABLE calendar_feeds (
    staff_ref INTEGER PRIMARY KEY REFERENCES staff(ref),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- A counter every committed write moves on (store_commit), so that app
-- servers can keep computed pages while it stands still (page_cache.h).
CREATE TABLE data_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO data_generation (id, n) VALUES (1, 0);
