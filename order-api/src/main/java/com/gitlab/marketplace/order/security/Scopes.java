package com.gitlab.marketplace.order.security;

/** The scopes order-api checks (roles come from the token's {@code scope} claim). */
public final class Scopes {

    public static final String ORDER_READ = "marketplace.order:read";
    public static final String ORDER_CREATE = "marketplace.order:create";
    public static final String ADMIN = "marketplace.admin";

    private Scopes() {
    }
}
