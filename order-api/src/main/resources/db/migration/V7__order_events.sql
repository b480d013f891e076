-- Every event of another service about an order that order-api consumed (type, source, time, outcome,
-- detail): the events part of an order's timeline for operators (GET /admin/orders/{orderId}). Written in the
-- transaction that applies the batch, one statement per batch; a redelivered event is not written twice
-- (only first deliveries are). Kept with the order.
CREATE TABLE order_event (
    event_id    uuid        PRIMARY KEY,
    order_id    uuid        NOT NULL,
    event_type  text        NOT NULL,
    source      text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('ok', 'failure', 'retryable_failure')),
    detail      text
);
CREATE INDEX order_event_of_order ON order_event (order_id, occurred_at);
