-- Schema version 8 (PostgreSQL): confidential items across a record's
-- versions. Keep in step with sql/sqlite/008_confidentiality.sql.
--
-- An item of a record is its topic (workload, wellbeing, ...): each version
-- has one item per topic, copied forward from the version before, so
-- (record_ref, topic) is the same item in every version. Whether it is
-- confidential belongs to the item, not to a version: once the supervisor
-- and the supervisee have both marked it in any version, its text is
-- withheld from everyone else in every version, until the two agree to
-- lift it (one proposes, the other agrees). record_items keeps each side's
-- marks per version, as they were.
--
-- lifted_at: when the two lifted it (NULL while it is confidential);
-- lift_proposed_by_ref and lift_proposed_at: who asked to lift it and when,
-- until the other agrees.
CREATE TABLE record_confidential (
    record_ref BIGINT NOT NULL REFERENCES records(ref),
    topic TEXT NOT NULL,
    since BIGINT NOT NULL,
    lift_proposed_by_ref BIGINT REFERENCES staff(ref),
    lift_proposed_at BIGINT,
    lifted_at BIGINT,
    PRIMARY KEY (record_ref, topic)
);

-- What happened to an item's confidentiality, shown to the two: kind
-- confidential (the second of the two marked it), lift-proposed, lifted.
CREATE TABLE record_confidential_events (
    ref BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_ref BIGINT NOT NULL REFERENCES records(ref),
    topic TEXT NOT NULL,
    at BIGINT NOT NULL,
    by_ref BIGINT NOT NULL REFERENCES staff(ref),
    kind TEXT NOT NULL CHECK (kind IN ('confidential', 'lift-proposed', 'lifted'))
);
CREATE INDEX record_confidential_events_record ON record_confidential_events(record_ref);

-- Every item both marked in some version is confidential from now on, in
-- every version of its record (before, version 1 of an item marked only in
-- version 2, and version 2 of an item one side unmarked, were readable).
INSERT INTO record_confidential (record_ref, topic, since)
SELECT i.record_ref, i.topic, min(coalesce(v.sent_at, v.written_at))
FROM record_items i JOIN record_versions v ON v.record_ref = i.record_ref AND v.version = i.version
WHERE i.confidential_supervisor <> 0 AND i.confidential_supervisee <> 0
GROUP BY i.record_ref, i.topic;
