-- The connector's work becomes durable steps (db/steps): "create the subscription", then "wait for it to be
-- active". This table is what the connector knows of each order's subscription, one row per order.
CREATE TABLE subscription (
    order_id            uuid        PRIMARY KEY,
    -- The OrderPlaced the subscription is made from; null only for orders taken before this version.
    placed              jsonb,
    -- The operator attempt being worked on (0 as placed, n after the n-th retry); part of the Idempotency-Key.
    attempt             integer     NOT NULL DEFAULT 0,
    -- A call may have created the subscription without our knowing (timeout, 5xx, unreadable answer): the next
    -- try looks it up by MarketplaceOrderId__c before calling again.
    outcome_unknown     boolean     NOT NULL DEFAULT false,
    last_failure_code   text,
    subscription_number text        UNIQUE,
    account_number      text,
    zuora_order_number  text,
    created_at          timestamptz,
    -- The attempt Zuora refused (ZuoraSubscriptionFailed: nothing billed), with its reason.
    refused_attempt     integer,
    refused_code        text,
    refused_message     text,
    -- The subscription's status as Zuora last told it (callout or look-up), and when it was seen active.
    subscription_status text,
    activated_at        timestamptz,
    activated_by        text        CHECK (activated_by IN ('callout', 'lookup')),
    updated_at          timestamptz NOT NULL
);

INSERT INTO subscription (order_id, attempt, subscription_number, account_number, zuora_order_number, created_at,
                          updated_at)
SELECT order_id, attempt, subscription_number, account_number, zuora_order_number, updated_at, updated_at
FROM zuora_order WHERE state = 'created';
INSERT INTO subscription (order_id, attempt, refused_attempt, refused_code, refused_message, updated_at)
SELECT DISTINCT ON (order_id) order_id, attempt, attempt, failure_code, failure_message, updated_at
FROM zuora_order WHERE state = 'failed' ORDER BY order_id, attempt DESC
ON CONFLICT (order_id) DO NOTHING;
DROP TABLE zuora_order;

-- Callouts are checked against the subscription the connector created for the order: refused ones are kept too.
ALTER TABLE processed_callout ALTER COLUMN order_id DROP NOT NULL;
ALTER TABLE processed_callout ADD COLUMN subscription_number text;
ALTER TABLE processed_callout ADD COLUMN status text;
ALTER TABLE processed_callout ADD COLUMN outcome text NOT NULL DEFAULT 'accepted'
    CHECK (outcome IN ('accepted', 'refused'));
ALTER TABLE processed_callout ADD COLUMN reason text;
