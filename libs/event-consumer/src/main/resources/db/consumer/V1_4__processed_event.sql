-- The idempotent consumer (libs/event-consumer, ProcessedEvents): ids (ce_id) of consumed events, written in
-- the transaction of their effect. Add "db/consumer" to the service's Flyway locations.
CREATE TABLE IF NOT EXISTS processed_event (
    event_id     uuid        PRIMARY KEY,
    event_type   text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS processed_event_by_age ON processed_event (processed_at);
