-- The connector's work becomes durable steps (db/steps): "make the order's records", then "keep the
-- opportunity's stage with what Zuora did". This table is what the connector knows of each order.
CREATE TABLE crm_order (
    order_id            uuid        PRIMARY KEY,
    -- The OrderPlaced the records are made from; null only for orders taken before this version.
    placed              jsonb,
    -- The operator attempt being worked on (0 as placed, n after the n-th retry).
    attempt             integer     NOT NULL DEFAULT 0,
    account_id          text,
    contact_id          text,
    opportunity_id      text,
    synced_at           timestamptz,
    -- The attempt Salesforce refused for good (e.g. TRADING_PARTNER_NOT_FOUND), with its reason.
    failed_attempt      integer,
    failure_code        text,
    failure_message     text,
    -- What Zuora did with the order ('billed': the subscription exists; 'refused': nothing billed), and the
    -- opportunity stage it implies as last written to Salesforce ('open', 'won', 'lost').
    zuora_outcome       text        CHECK (zuora_outcome IN ('billed', 'refused')),
    subscription_number text,
    stage_written       text        CHECK (stage_written IN ('open', 'won', 'lost')),
    updated_at          timestamptz NOT NULL
);

INSERT INTO crm_order (order_id, attempt, account_id, contact_id, opportunity_id, synced_at, stage_written, updated_at)
SELECT order_id, attempt, account_id, contact_id, opportunity_id, updated_at, 'won', updated_at
FROM salesforce_order WHERE state = 'synced';
INSERT INTO crm_order (order_id, attempt, failed_attempt, failure_code, failure_message, updated_at)
SELECT DISTINCT ON (order_id) order_id, attempt, attempt, failure_code, failure_message, updated_at
FROM salesforce_order WHERE state = 'failed' ORDER BY order_id, attempt DESC
ON CONFLICT (order_id) DO NOTHING;
INSERT INTO crm_order (order_id, zuora_outcome, subscription_number, updated_at)
SELECT order_id, 'billed', subscription_number, received_at FROM zuora_subscription
ON CONFLICT (order_id) DO UPDATE SET zuora_outcome = 'billed', subscription_number = EXCLUDED.subscription_number;
DROP TABLE salesforce_order;
DROP TABLE zuora_subscription;
