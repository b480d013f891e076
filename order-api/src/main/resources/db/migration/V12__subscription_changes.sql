-- Partners' changes to live subscriptions (API.md §2.6). order_lines: every line of the subscription as the change
-- leaves it, [{productId, quantity}]; errors: [{source, code, message, retryable}] of a Failed change.
CREATE TABLE subscription_change (
    change_id          uuid        PRIMARY KEY,
    order_id           uuid        NOT NULL REFERENCES customer_order (order_id),
    external_change_id text        NOT NULL,
    action             text        NOT NULL CHECK (action IN ('updateQuantity', 'renew', 'cancel')),
    order_lines        jsonb       NOT NULL,
    request_hash       bytea       NOT NULL,
    status             text        NOT NULL CHECK (status IN ('Pending', 'Completed', 'Failed')),
    errors             jsonb       NOT NULL DEFAULT '[]',
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (order_id, external_change_id)
);

-- One change at a time per subscription, whichever replica takes the request.
CREATE UNIQUE INDEX subscription_change_one_pending ON subscription_change (order_id) WHERE status = 'Pending';
CREATE INDEX subscription_change_by_order ON subscription_change (order_id, created_at);
