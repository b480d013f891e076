package com.gitlab.marketplace.token.oauth;

import java.util.Set;

/** The scopes this authorization server grants. */
public final class Scopes {

    /** Read a partner's orders. */
    public static final String ORDER_READ = "marketplace.order:read";
    /** Place orders (and read them). */
    public static final String ORDER_CREATE = "marketplace.order:create";
    /** Operate the platform: partners, clients, keys, order retries. Only for operator clients. */
    public static final String ADMIN = "marketplace.admin";

    public static final Set<String> PARTNER_SCOPES = Set.of(ORDER_READ, ORDER_CREATE);
    public static final Set<String> OPERATOR_SCOPES = Set.of(ADMIN);
    public static final Set<String> ALL = Set.of(ORDER_READ, ORDER_CREATE, ADMIN);

    private Scopes() {
    }
}
