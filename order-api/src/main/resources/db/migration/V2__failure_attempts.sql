-- A failure now belongs to an attempt (0 = first try, n = after the n-th operator retry) instead of being
-- judged against last_retry_at by time: services' clocks differ, attempt numbers do not.
COMMENT ON COLUMN order_status.failures IS
    '[{source, code, message, retryable, attempt, occurredAt}]; only those with attempt >= retry_attempts count';
COMMENT ON COLUMN order_status.retry_attempts IS 'the current attempt: the number of operator retries so far';
COMMENT ON COLUMN order_status.last_retry_at IS 'when the last operator retry was requested; for operators only';
