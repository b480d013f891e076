-- ProcessedEventsCleanup deletes consumed event ids by age every hour; order-api's processed_event comes from
-- V1 (not libs/event-consumer's db/consumer, which has this index), so without it each run scans the table.
CREATE INDEX IF NOT EXISTS processed_event_by_age ON processed_event (processed_at);
