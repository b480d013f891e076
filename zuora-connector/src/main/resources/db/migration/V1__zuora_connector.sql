-- The connector's work per order and attempt (0 = first try, n = after the n-th operator retry):
-- 'calling' is written before Zuora is called, so a restart knows an earlier call may have succeeded;
-- 'created' holds the subscription (the order<->subscription map); 'failed' the reported failure.
CREATE TABLE zuora_order (
    order_id            uuid        NOT NULL,
    attempt             integer     NOT NULL,
    state               text        NOT NULL CHECK (state IN ('calling', 'created', 'failed')),
    subscription_number text,
    account_number      text,
    zuora_order_number  text,
    failure_code        text,
    failure_message     text,
    retryable           boolean,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (order_id, attempt)
);
-- At most one subscription per order, whatever the attempts.
CREATE UNIQUE INDEX zuora_order_one_subscription ON zuora_order (order_id) WHERE state = 'created';
CREATE INDEX zuora_order_by_subscription ON zuora_order (subscription_number) WHERE subscription_number IS NOT NULL;

-- Callouts already turned into events, by Zuora-Notification-Id (stable across Zuora's retries).
CREATE TABLE processed_callout (
    notification_id text        PRIMARY KEY,
    order_id        uuid        NOT NULL,
    received_at     timestamptz NOT NULL
);

