package com.gitlab.marketplace.order.ratelimit;

import com.gitlab.marketplace.http.errors.ApiException;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.TimeUnit;

/**
 * A partner's standing against one of its limits after a call, as the IETF RateLimit header fields tell it.
 *
 * @param limit        calls a minute
 * @param remaining    calls left now
 * @param resetSeconds seconds until the whole limit is available again
 * @param retryAfter   seconds until the next call is allowed; 0 when this call was
 */
public record Quota(Usage usage, long limit, long remaining, long resetSeconds, long retryAfter) {

    public static final String LIMIT_HEADER = "RateLimit-Limit";
    public static final String REMAINING_HEADER = "RateLimit-Remaining";
    public static final String RESET_HEADER = "RateLimit-Reset";

    static Quota of(Usage usage, long limit, ConsumptionProbe probe) {
        return new Quota(usage, limit, probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    public boolean exceeded() {
        return retryAfter > 0;
    }

    /** Sets the RateLimit header fields, and {@code Retry-After} when the call is refused. */
    public void writeTo(HttpServerResponse response) {
        response.headers().set(LIMIT_HEADER, Long.toString(limit))
                .set(REMAINING_HEADER, Long.toString(remaining))
                .set(RESET_HEADER, Long.toString(resetSeconds));
        if (exceeded()) {
            response.headers().set("Retry-After", Long.toString(retryAfter));
        }
    }

    /** 429 {@code rate_limited}: what was exceeded and when to try again. */
    public ApiException refusal() {
        return new ApiException(429, "rate_limited", "more than " + limit + " " + usage.noun()
                + " calls a minute; retry after " + retryAfter + " s (Retry-After)");
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
