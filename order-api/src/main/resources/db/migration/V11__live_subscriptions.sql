-- The live subscription partners read with their orders (API.md §2.5): the current lines, the term, whether it
-- renews, and when it was cancelled. order_lines is [{productId, quantity}] in the order's line order.
ALTER TABLE order_status
    ADD COLUMN order_lines     jsonb,
    ADD COLUMN term_start_date date,
    ADD COLUMN term_end_date   date,
    ADD COLUMN auto_renew      boolean,
    ADD COLUMN cancelled_at    timestamptz;

-- Orders placed before: their lines are the ones ordered; the subscriptions Zuora has were asked for one term from
-- the order date (the base plan's months) without automatic renewal.
UPDATE order_status s SET order_lines = lines.order_lines
FROM (SELECT o.order_id,
             jsonb_agg(jsonb_build_object('productId', l.line ->> 'productId', 'quantity', (l.line ->> 'quantity')::int)
                       ORDER BY l.position) AS order_lines
      FROM customer_order o, jsonb_array_elements(o.placed_event -> 'orderLines') WITH ORDINALITY AS l(line, position)
      GROUP BY o.order_id) lines
WHERE lines.order_id = s.order_id;

UPDATE order_status s
SET term_start_date = term.start_date,
    term_end_date   = (term.start_date + make_interval(months => term.months))::date,
    auto_renew      = false
FROM (SELECT o.order_id,
             ((o.placed_event ->> 'occurredAt')::timestamptz AT TIME ZONE 'UTC')::date AS start_date,
             coalesce((SELECT (line ->> 'termMonths')::int FROM jsonb_array_elements(o.placed_event -> 'orderLines') line
                       WHERE line ->> 'kind' = 'plan' LIMIT 1),
                      (o.placed_event -> 'orderLines' -> 0 ->> 'termMonths')::int) AS months
      FROM customer_order o) term
WHERE term.order_id = s.order_id AND s.zuora_subscription_created;

ALTER TABLE order_status ALTER COLUMN order_lines SET NOT NULL;

-- A partner lists its own orders by their last change (GET /api/v1/marketplace/subscriptions).
CREATE INDEX order_status_by_partner_and_update ON order_status (partner_id, updated_at, order_id);

-- The key of the partner list's page tokens (a MAC makes them tamper-evident). Made here, once, so every replica
-- signs and checks with the same key without configuration; an operator rotates it with an UPDATE and a restart of
-- order-api (tokens in hand then answer 400 invalid_page_token, and the partner starts the list again).
CREATE TABLE page_token_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    secret    bytea   NOT NULL
);
INSERT INTO page_token_key (secret)
VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')));
