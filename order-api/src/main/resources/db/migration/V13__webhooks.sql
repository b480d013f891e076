-- Partners' webhooks (API.md §2.7).

-- One endpoint per partner. secret: "whsec_<base64>", the Standard Webhooks form partners verify with; during a
-- rotation previous_secret signs beside it until previous_secret_until. failing_since: the first failed attempt
-- of the current failing spell (null while the endpoint answers), from which a long-failing endpoint is disabled;
-- last_failure_at: the spell's latest, so that failures days apart are not one spell.
CREATE TABLE webhook_endpoint (
    partner_id            text        PRIMARY KEY,
    url                   text        NOT NULL,
    events                text[]      NOT NULL,
    enabled               boolean     NOT NULL,
    disabled_reason       text,
    secret                text        NOT NULL,
    previous_secret       text,
    previous_secret_until timestamptz,
    failing_since         timestamptz,
    last_failure_at       timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

-- One row per event for the partner's endpoint: the durable queue the dispatcher works through, and the partner's
-- delivery log. delivery_id is the webhook-id, the same on every attempt. stream: what is delivered in order, the
-- order id for a subscription's events (by seq), the delivery's own id for a ping. body: the exact bytes signed.
-- retries_from: attempts made before the last redelivery (its schedule starts again from there).
CREATE TABLE webhook_delivery (
    delivery_id              uuid        PRIMARY KEY,
    seq                      bigserial   NOT NULL UNIQUE,
    partner_id               text        NOT NULL,
    stream                   uuid        NOT NULL,
    type                     text        NOT NULL CHECK (type IN ('subscription.updated', 'change.updated', 'ping')),
    external_subscription_id text,
    body                     text        NOT NULL,
    state                    text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts                 integer     NOT NULL DEFAULT 0,
    retries_from             integer     NOT NULL DEFAULT 0,
    last_status_code         integer,
    last_error               text,
    next_attempt_at          timestamptz,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);
-- A stream's events in order: its first pending one (the queue) and all of them (the order's timeline).
CREATE INDEX webhook_delivery_by_stream ON webhook_delivery (stream, seq);
CREATE INDEX webhook_delivery_log ON webhook_delivery (partner_id, created_at, delivery_id);
CREATE INDEX webhook_delivery_pending_by_age ON webhook_delivery (partner_id, created_at) WHERE state = 'pending';
