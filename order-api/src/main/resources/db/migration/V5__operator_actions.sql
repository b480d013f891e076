-- Who moved an order by hand, when and why: every operator retry and re-drive, read back with the order by
-- GET /admin/orders/{orderId}. Written in the transaction that publishes the request, so the audit and the
-- action cannot disagree.
CREATE TABLE operator_action (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     uuid        NOT NULL REFERENCES customer_order (order_id),
    action       text        NOT NULL CHECK (action IN ('retry', 'redrive')),
    requested_by text        NOT NULL,
    reason       text,
    requested_at timestamptz NOT NULL
);
CREATE INDEX operator_action_by_order ON operator_action (order_id, id);
