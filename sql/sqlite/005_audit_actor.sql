-- Schema version 5 (SQLite): who made an audited change when it was not an
-- account. Keep in step with sql/postgresql/005_audit_actor.sql.
--
-- An admin change is made by an account (user_ref, through the web pages)
-- or by an operator at the machine's command line, who has no account:
-- actor then says who, e.g. 'command line (unix user alice)'. NULL for
-- rows made by an account.
ALTER TABLE audit_log ADD COLUMN actor TEXT;
