-- The transactional outbox shared by every service that runs an OutboxRelay.
-- Add "db/outbox" to the service's Flyway locations; version 0.1 runs before the service's own V1.
-- aggregatetype = destination topic, aggregateid = Kafka key and ce_subject, type = ce_type, id = ce_id.
-- The relay deletes a row once Kafka has acknowledged it; rows still here were not yet published.
CREATE TABLE outbox_event (
    id            uuid        PRIMARY KEY,
    aggregatetype text        NOT NULL,
    aggregateid   text        NOT NULL,
    type          text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
