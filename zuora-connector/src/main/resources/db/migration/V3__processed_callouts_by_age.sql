-- Callouts are kept by Zuora-Notification-Id to drop Zuora's repeats, and deleted after a window far longer than
-- Zuora retries a callout (ProcessedCalloutCleanup); this index finds the old ones.
CREATE INDEX processed_callout_by_age ON processed_callout (received_at);
