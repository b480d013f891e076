-- Each partner's limits (API.md §2.8), kept from partner events like the rest of the partner.
ALTER TABLE partner ADD COLUMN orders_per_minute integer NOT NULL DEFAULT 600;
ALTER TABLE partner ADD COLUMN reads_per_minute integer NOT NULL DEFAULT 6000;

-- The token buckets of those limits, shared by every order-api replica (Bucket4j's state, compare-and-swap by
-- value). UNLOGGED: a bucket is worth nothing after a crash (it is simply full again), so its writes, one per
-- partner call, skip the WAL. A bucket untouched for a minute is full, so old rows are deleted (RateLimitCleanup).
CREATE UNLOGGED TABLE rate_limit_bucket (
    bucket_key text        PRIMARY KEY,
    state      bytea       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rate_limit_bucket_by_age ON rate_limit_bucket (updated_at);
