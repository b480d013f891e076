-- A new key is published before it signs: signs_from is when it starts signing (its predecessor's
-- retired_at). revoked_at removes a key from the JWKS at once (emergency, e.g. a leaked private key).
ALTER TABLE signing_key ADD COLUMN signs_from timestamptz;
UPDATE signing_key SET signs_from = created_at;
ALTER TABLE signing_key ALTER COLUMN signs_from SET NOT NULL;
ALTER TABLE signing_key ADD COLUMN revoked_at timestamptz;
