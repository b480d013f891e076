-- Every replay of a dead letter an operator asked for (who, when, why), read back with the dead letter by
-- GET /admin/dead-letters and used by "replay all" to skip what was replayed already. Written once Kafka has
-- acknowledged the replayed record: a replay that did not reach Kafka is not on record and is asked for again.
CREATE TABLE dead_letter_replay (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic           text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    event_id        text,
    requested_by    text        NOT NULL,
    reason          text        NOT NULL,
    replayed_at     timestamptz NOT NULL
);
CREATE INDEX dead_letter_replay_by_record ON dead_letter_replay (topic, kafka_partition, kafka_offset);
