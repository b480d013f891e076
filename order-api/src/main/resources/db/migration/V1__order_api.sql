-- The product catalog: partner-facing product ids mapped to what the connectors and the license need.
CREATE TABLE product (
    product_id                        text        PRIMARY KEY,
    name                              text        NOT NULL,
    kind                              text        NOT NULL CHECK (kind IN ('plan', 'add_on')),
    license_plan                      text        NOT NULL,
    term_months                       integer     NOT NULL CHECK (term_months > 0),
    zuora_product_rate_plan_id        text        NOT NULL,
    zuora_product_rate_plan_charge_id text        NOT NULL,
    salesforce_product_code           text        NOT NULL,
    active                            boolean     NOT NULL DEFAULT true,
    updated_at                        timestamptz NOT NULL DEFAULT now()
);

INSERT INTO product (product_id, name, kind, license_plan, term_months, zuora_product_rate_plan_id,
                     zuora_product_rate_plan_charge_id, salesforce_product_code) VALUES
    ('premium-saas-1y',   'GitLab Premium (SaaS), 1 year',          'plan',   'premium',        12, '8a28aa0b7e1c4d01017e1f0a1b2c0001', '8a28aa0b7e1c4d01017e1f0a1b2c0101', 'GL-PREM-SAAS-1Y'),
    ('ultimate-saas-1y',  'GitLab Ultimate (SaaS), 1 year',         'plan',   'ultimate',       12, '8a28aa0b7e1c4d01017e1f0a1b2c0002', '8a28aa0b7e1c4d01017e1f0a1b2c0102', 'GL-ULT-SAAS-1Y'),
    ('premium-sm-1y',     'GitLab Premium (Self-Managed), 1 year',  'plan',   'premium',        12, '8a28aa0b7e1c4d01017e1f0a1b2c0003', '8a28aa0b7e1c4d01017e1f0a1b2c0103', 'GL-PREM-SM-1Y'),
    ('ultimate-sm-1y',    'GitLab Ultimate (Self-Managed), 1 year', 'plan',   'ultimate',       12, '8a28aa0b7e1c4d01017e1f0a1b2c0004', '8a28aa0b7e1c4d01017e1f0a1b2c0104', 'GL-ULT-SM-1Y'),
    ('premium-sm-3y',     'GitLab Premium (Self-Managed), 3 years', 'plan',   'premium',        36, '8a28aa0b7e1c4d01017e1f0a1b2c0005', '8a28aa0b7e1c4d01017e1f0a1b2c0105', 'GL-PREM-SM-3Y'),
    ('duo-pro-1y',        'GitLab Duo Pro add-on, 1 year',          'add_on', 'duo_pro',        12, '8a28aa0b7e1c4d01017e1f0a1b2c0006', '8a28aa0b7e1c4d01017e1f0a1b2c0106', 'GL-DUO-PRO-1Y'),
    ('duo-enterprise-1y', 'GitLab Duo Enterprise add-on, 1 year',   'add_on', 'duo_enterprise', 12, '8a28aa0b7e1c4d01017e1f0a1b2c0007', '8a28aa0b7e1c4d01017e1f0a1b2c0107', 'GL-DUO-ENT-1Y'),
    ('storage-10gb-1y',   'GitLab storage 10 GB add-on, 1 year',    'add_on', 'storage',        12, '8a28aa0b7e1c4d01017e1f0a1b2c0008', '8a28aa0b7e1c4d01017e1f0a1b2c0108', 'GL-STOR-10GB-1Y');

-- Replica of token-service's partners, kept current from marketplace.partner.events.
CREATE TABLE partner (
    partner_id                         text    PRIMARY KEY,
    name                               text    NOT NULL,
    zuora_invoice_owner_account_number text    NOT NULL,
    salesforce_distributor_account_id  text    NOT NULL,
    permitted_trading_partner_ids      text[]  NOT NULL,
    enabled                            boolean NOT NULL,
    revision                           bigint  NOT NULL
);

-- The write model: one row per accepted order. request_hash identifies the partner's request body for
-- idempotent replays; placed_event is the OrderPlaced payload, re-sent on operator retries.
CREATE TABLE customer_order (
    order_id                 uuid        PRIMARY KEY,
    partner_id               text        NOT NULL,
    external_subscription_id text        NOT NULL,
    request_hash             bytea       NOT NULL,
    placed_event             jsonb       NOT NULL,
    created_at               timestamptz NOT NULL,
    UNIQUE (partner_id, external_subscription_id)
);

-- The read model (status projection): the facts seen per order and the status derived from them.
-- failures: [{source, code, message, retryable, occurredAt}]; only those after last_retry_at count.
CREATE TABLE order_status (
    order_id                   uuid        PRIMARY KEY REFERENCES customer_order (order_id),
    partner_id                 text        NOT NULL,
    external_subscription_id   text        NOT NULL,
    status                     text        NOT NULL,
    subscription_number        text,
    zuora_subscription_created boolean     NOT NULL DEFAULT false,
    salesforce_records_created boolean     NOT NULL DEFAULT false,
    license_sent               boolean     NOT NULL DEFAULT false,
    failures                   jsonb       NOT NULL DEFAULT '[]',
    retry_attempts             integer     NOT NULL DEFAULT 0,
    last_retry_at              timestamptz,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    UNIQUE (partner_id, external_subscription_id)
);

-- Idempotent consumer: ids (ce_id) of consumed events, written in the transaction of their effect.
CREATE TABLE processed_event (
    event_id     uuid        PRIMARY KEY,
    event_type   text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
