-- The license and its email become a durable step (db/steps), due once the order is known and its subscription
-- is active (ZuoraSubscriptionActivated, from zuora-connector: by Zuora's callout or by its look-up).
ALTER TABLE pending_callout RENAME TO subscription_activation;
-- Callouts no longer reach this service: zuora-connector checks them and says when a subscription is active.
DROP TABLE ignored_callout;

-- 'unknown': the message was handed to the SMTP server and no answer came (a timeout, a dropped connection): it
-- may have been delivered, so it is never sent again by itself; an operator decides (resend).
ALTER TABLE license_email DROP CONSTRAINT license_email_state_check;
ALTER TABLE license_email ADD CONSTRAINT license_email_state_check
    CHECK (state IN ('sending', 'sent', 'failed', 'unknown'));
-- The claim's owner (one process) and token (one claim): only the claim's holder records the result, and another
-- process takes the email over only once the claim expired (its owner died).
ALTER TABLE license_email ADD COLUMN claimed_by text;
ALTER TABLE license_email ADD COLUMN claim_token uuid;
