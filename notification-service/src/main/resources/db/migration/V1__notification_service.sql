-- What the license needs from OrderPlaced (event-carried state), and the order's latest operator retry.
CREATE TABLE order_details (
    order_id    uuid        PRIMARY KEY,
    placed      jsonb       NOT NULL,
    attempt     integer     NOT NULL DEFAULT 0,
    received_at timestamptz NOT NULL
);

-- An active-subscription callout that came before its OrderPlaced (the two travel on different topics).
CREATE TABLE pending_callout (
    order_id            uuid        PRIMARY KEY,
    subscription_number text        NOT NULL,
    received_at         timestamptz NOT NULL
);

-- Callouts for other states: recorded, nothing else.
CREATE TABLE ignored_callout (
    notification_id text        PRIMARY KEY,
    order_id        uuid        NOT NULL,
    event           text,
    status          text,
    received_at     timestamptz NOT NULL
);

-- One license per order; key_id names the issuer key that made it (keys rotate).
CREATE TABLE license (
    license_id          uuid        PRIMARY KEY,
    order_id            uuid        NOT NULL UNIQUE,
    key_id              text        NOT NULL,
    subscription_number text        NOT NULL,
    activation_code     text        NOT NULL UNIQUE,
    attributes          jsonb       NOT NULL,
    file                text        NOT NULL,
    issued_at           timestamptz NOT NULL
);

-- Every email of a license: the intent ('sending', claimed) is written before SMTP is spoken to, the result after.
-- kind 'first' exists once per order; an operator's resend adds 'resend' rows.
CREATE TABLE license_email (
    email_id        uuid        PRIMARY KEY,
    license_id      uuid        NOT NULL REFERENCES license (license_id),
    order_id        uuid        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('first', 'resend')),
    message_id      text        NOT NULL UNIQUE,
    recipient       text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    failure_code    text,
    failure_message text,
    -- Who is sending it, until when: a live claim means "being sent", an expired one "the sender died".
    claimed_until   timestamptz,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE UNIQUE INDEX license_email_first_once ON license_email (order_id) WHERE kind = 'first';
