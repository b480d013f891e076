-- Failed now promises that nothing is billed (API.md §2.4): only Zuora's refusal makes an order Failed. Each
-- failure says whether it is one (nothingBilled); the ones recorded before were Zuora's when their source is zuora.
UPDATE order_status
SET failures = (SELECT jsonb_agg(CASE WHEN f ->> 'source' = 'zuora' THEN f || '{"nothingBilled": true}'::jsonb
                                      ELSE f || '{"nothingBilled": false}'::jsonb END)
                FROM jsonb_array_elements(failures) AS f)
WHERE failures <> '[]'::jsonb;
COMMENT ON COLUMN order_status.failures IS
    '[{source, code, message, retryable, attempt, occurredAt, nothingBilled}]; only those with attempt >= '
    'retry_attempts count; Failed only for nothingBilled ones while no subscription exists';
