-- A partner's change to the subscription (API.md §2.6) brings its own email: a new license for more seats or a new
-- term, a confirmation for a cancellation. change_id names the change; null for the order's first license.
ALTER TABLE license ADD COLUMN change_id uuid UNIQUE;
ALTER TABLE license DROP CONSTRAINT license_order_id_key;
CREATE UNIQUE INDEX license_first_once ON license (order_id) WHERE change_id IS NULL;

-- One email per change, whatever is retried; a cancellation's confirmation carries no license.
ALTER TABLE license_email ALTER COLUMN license_id DROP NOT NULL;
ALTER TABLE license_email ADD COLUMN change_id uuid;
ALTER TABLE license_email DROP CONSTRAINT license_email_kind_check;
ALTER TABLE license_email ADD CONSTRAINT license_email_kind_check CHECK (kind IN ('first', 'resend', 'change'));
CREATE UNIQUE INDEX license_email_change_once ON license_email (change_id) WHERE kind = 'change';
