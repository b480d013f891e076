package com.gitlab.marketplace.oauth.scopes;

import java.util.Set;

/**
 * The scopes of the platform's tokens (API.md §1): token-service grants them, and every service requires them
 * by these names ({@code @RolesAllowed}: Quarkus maps the token's {@code scope} claim to roles). One place, so a
 * renamed scope cannot be granted under one name and required under another.
 */
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
