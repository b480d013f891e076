-- The connector's result per order and attempt (0 = first try, n = after the n-th operator retry):
-- 'synced' with the record ids, or 'failed' with the reported failure.
CREATE TABLE salesforce_order (
    order_id        uuid        NOT NULL,
    attempt         integer     NOT NULL,
    state           text        NOT NULL CHECK (state IN ('synced', 'failed')),
    account_id      text,
    contact_id      text,
    opportunity_id  text,
    failure_code    text,
    failure_message text,
    retryable       boolean,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (order_id, attempt)
);
CREATE UNIQUE INDEX salesforce_order_synced_once ON salesforce_order (order_id) WHERE state = 'synced';

-- Zuora subscription numbers, kept so the opportunity gets it whichever event arrives first.
CREATE TABLE zuora_subscription (
    order_id            uuid        PRIMARY KEY,
    subscription_number text        NOT NULL,
    received_at         timestamptz NOT NULL
);
