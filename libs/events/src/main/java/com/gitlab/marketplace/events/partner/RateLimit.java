package com.gitlab.marketplace.events.partner;

/**
 * How many calls a partner may make to the partner API a minute (API.md §2.8), set by operators with the partner.
 *
 * @param ordersPerMinute order placements and changes (POST)
 * @param readsPerMinute  reads (GET)
 */
public record RateLimit(int ordersPerMinute, int readsPerMinute) {

    /** The limits of a partner whose operator set none. */
    public static final RateLimit DEFAULT = new RateLimit(600, 6_000);

    public RateLimit {
        if (ordersPerMinute < 1 || readsPerMinute < 1) {
            throw new IllegalArgumentException("partner.rateLimit: limits must be at least 1 a minute");
        }
    }
}
