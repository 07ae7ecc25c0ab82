-- Schema version 21 (PostgreSQL): what the retention policy purged. Keep in
-- step with sql/sqlite/021_retention.sql, which says what each column is.
CREATE TABLE purges (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_ref BIGINT UNIQUE REFERENCES records(ref),
    session_ref BIGINT UNIQUE REFERENCES sessions(ref),
    at BIGINT NOT NULL,
    as_of DATE NOT NULL,
    policy TEXT NOT NULL,
    rule TEXT NOT NULL,
    leaf BIGINT,
    CHECK ((record_ref IS NULL) <> (session_ref IS NULL))
);
