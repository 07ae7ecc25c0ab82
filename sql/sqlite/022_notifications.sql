-- Schema version 22 (SQLite): reminders, each person's choice of email, and
-- the mail queue. Keep in step with sql/postgresql/022_notifications.sql.
--
-- reminders: one row per reminder made (svc/notify.h). The unique key is the
-- claim: a run inserts the row first and sends nothing when it is already
-- there, so two runs, or two servers, never make the same reminder twice.
-- subject names what it is about ('record:12', 'staff:5', 'escalation:3',
-- or what the caller of notify_audit_assigned gives); day is the run's date.
CREATE TABLE reminders (
    ref INTEGER PRIMARY KEY,
    staff_ref INTEGER NOT NULL REFERENCES staff(ref),
    kind TEXT NOT NULL CHECK (kind IN ('supervision', 'signature', 'escalation', 'audit')),
    subject TEXT NOT NULL,
    day TEXT NOT NULL,
    at INTEGER NOT NULL,
    UNIQUE (staff_ref, kind, subject, day)
);

-- notify_prefs: a person's choice; no row is the default (each reminder by
-- email, every kind on). delivery 'each' (one email per reminder), 'digest'
-- (one email a day gathering them) or 'none' (in the application only).
CREATE TABLE notify_prefs (
    staff_ref INTEGER PRIMARY KEY REFERENCES staff(ref),
    delivery TEXT NOT NULL CHECK (delivery IN ('each', 'digest', 'none')),
    supervision INTEGER NOT NULL,
    signature INTEGER NOT NULL,
    escalation INTEGER NOT NULL,
    audit INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);

-- mail_queue: one email. status: 'collecting' (a digest still gathering its
-- day's reminders), 'queued' (to send at next_at or later), 'sending'
-- (claimed by a sender until claimed_until), 'sent', 'failed' (given up:
-- last_error says why). Written in the transaction of the reminder that
-- causes it, so it survives a restart and is never sent for a change that
-- was rolled back. The text says only what kind of thing waits, and where.
CREATE TABLE mail_queue (
    ref INTEGER PRIMARY KEY,
    staff_ref INTEGER NOT NULL REFERENCES staff(ref),
    to_addr TEXT NOT NULL,
    to_name TEXT NOT NULL,
    subject TEXT NOT NULL,
    digest_day TEXT,
    status TEXT NOT NULL CHECK (status IN ('collecting', 'queued', 'sending', 'sent', 'failed')),
    created_at INTEGER NOT NULL,
    next_at INTEGER NOT NULL,
    claimed_until INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at INTEGER,
    message_id TEXT
);
CREATE INDEX mail_queue_due ON mail_queue(next_at) WHERE status IN ('queued', 'sending');
CREATE UNIQUE INDEX mail_queue_digest ON mail_queue(staff_ref, digest_day) WHERE status = 'collecting';

-- mail_items: the lines of an email (one, or a digest's many): a sentence
-- and the path of the page it is about.
CREATE TABLE mail_items (
    ref INTEGER PRIMARY KEY,
    mail_ref INTEGER NOT NULL REFERENCES mail_queue(ref),
    text TEXT NOT NULL,
    link TEXT NOT NULL
);
CREATE INDEX mail_items_mail ON mail_items(mail_ref);

-- The unread count every page's navigation shows: the unread messages
-- only, however many a person has read.
CREATE INDEX inbox_unread ON inbox(staff_ref) WHERE read_at IS NULL;
