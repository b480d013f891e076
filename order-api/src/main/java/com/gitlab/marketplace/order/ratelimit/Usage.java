package com.gitlab.marketplace.order.ratelimit;

/** What a partner call counts against: each partner has one limit for orders and one for reads (API.md §2.8). */
public enum Usage {
    /** Placing an order (and, later, changing one). */
    ORDERS("order"),
    /** Reading orders. */
    READS("read");

    private final String noun;

    Usage(String noun) {
        this.noun = noun;
    }

    String noun() {
        return noun;
    }
}
