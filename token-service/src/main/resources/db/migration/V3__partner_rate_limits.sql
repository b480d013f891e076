-- Calls a partner may make to the partner API a minute (API.md §2.8); they travel in partner events to
-- order-api, which enforces them. The defaults are the documented ones.
ALTER TABLE partner ADD COLUMN orders_per_minute integer NOT NULL DEFAULT 600 CHECK (orders_per_minute > 0);
ALTER TABLE partner ADD COLUMN reads_per_minute integer NOT NULL DEFAULT 6000 CHECK (reads_per_minute > 0);
