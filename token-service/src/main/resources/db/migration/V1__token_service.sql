-- Partners onboarded by operators. permitted_trading_partner_ids: Salesforce trading-partner accounts
-- the partner may order for. revision increases with each change and travels in partner events.
CREATE TABLE partner (
    partner_id                         text        PRIMARY KEY,
    name                               text        NOT NULL,
    zuora_invoice_owner_account_number text        NOT NULL,
    salesforce_distributor_account_id  text        NOT NULL,
    permitted_trading_partner_ids      text[]      NOT NULL,
    enabled                            boolean     NOT NULL,
    revision                           bigint      NOT NULL,
    created_at                         timestamptz NOT NULL,
    updated_at                         timestamptz NOT NULL
);

-- OAuth clients. A partner client (partner_id set) gets order scopes; an operator client (partner_id
-- null) gets the admin scope. secret_hash is HMAC-SHA256 of the secret under a pepper kept outside
-- the database; the secret itself is never stored.
CREATE TABLE oauth_client (
    client_id         text        PRIMARY KEY,
    partner_id        text        REFERENCES partner (partner_id),
    description       text,
    secret_hash       bytea       NOT NULL,
    scopes            text[]      NOT NULL,
    enabled           boolean     NOT NULL,
    created_at        timestamptz NOT NULL,
    secret_rotated_at timestamptz NOT NULL
);
CREATE INDEX oauth_client_partner ON oauth_client (partner_id);

-- Token signing keys. The newest key that is not retired signs; retired keys stay published in the
-- JWKS until every token they signed has expired. private_key is AES-GCM encrypted (PKCS#8 inside).
CREATE TABLE signing_key (
    kid         text        PRIMARY KEY,
    algorithm   text        NOT NULL,
    private_key bytea       NOT NULL,
    public_key  bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz
);
