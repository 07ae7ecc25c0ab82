-- Schema version 14 (PostgreSQL): one-time write keys, so that a form sent
-- twice (a second press, a browser posting again after a lost answer) is
-- applied once. Keep in step with sql/sqlite/014_write_keys.sql.
--
-- Each form that changes something carries a random key (web/form.c); the
-- change that commits under it records the key here in its own transaction
-- (svc/write_key.c), for the account that sent it. answer is where the first
-- sending was sent on (a path of this site, '' when it was not sent on), so a
-- second sending is answered as the first was. Keys older than a day are
-- forgotten (longer than any session lasts).
CREATE TABLE write_keys (
    user_ref BIGINT NOT NULL REFERENCES users(ref),
    write_key TEXT NOT NULL,
    used_at BIGINT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (user_ref, write_key)
);
CREATE INDEX write_keys_used_at ON write_keys(used_at);
