-- Schema version 6 (PostgreSQL): account changes the person is told of, and
-- one-time links to choose a password. Keep in step with
-- sql/sqlite/006_account_notices.sql.
--
-- An admin never learns or sets another person's password: a new account
-- or a reset gives the person a link, valid once and for a short time, on
-- which they choose their own. Only the BLAKE2b hash of the link's token is
-- stored, like a session's. One live link per account: a new one replaces
-- it; using it deletes it.
CREATE TABLE password_links (
    user_ref BIGINT PRIMARY KEY REFERENCES users(ref),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Every change made to an account (a reset, a role, a staff link, two-factor
-- sign-in, disabling and enabling), written in the transaction of the change
-- and its audit row, so that the person it concerns sees it: on the pages
-- until they acknowledge it (seen_at), and on their account page. by_ref is
-- the admin's account; by_actor the command line's operator when there is
-- none; both NULL when the person did it themselves (a link used).
CREATE TABLE account_notices (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_ref BIGINT NOT NULL REFERENCES users(ref),
    at BIGINT NOT NULL,
    what TEXT NOT NULL,
    by_ref BIGINT REFERENCES users(ref),
    by_actor TEXT,
    seen_at BIGINT
);
CREATE INDEX account_notices_user ON account_notices(user_ref, ref);
