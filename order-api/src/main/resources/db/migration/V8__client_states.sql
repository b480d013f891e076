-- OAuth clients an operator disabled or enabled again, kept from ClientUpdated events on
-- marketplace.partner.events: a disabled client's tokens are refused here at once, not at their expiry
-- (order-api verifies tokens itself). A change applies only if it is newer than the one on record.
CREATE TABLE client_state (
    client_id  text        PRIMARY KEY,
    partner_id text,
    enabled    boolean     NOT NULL,
    changed_at timestamptz NOT NULL
);
