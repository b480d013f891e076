package com.gitlab.marketplace.order.security;

import com.gitlab.marketplace.http.errors.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The partner a request acts for: the {@code partner_id} claim of its access token. */
public final class CallerPartner {

    static final String PARTNER_ID_CLAIM = "partner_id";

    private CallerPartner() {
    }

    /** @throws ApiException 403 for a token that belongs to no partner (e.g. an operator's) */
    public static String of(SecurityIdentity identity) {
        Object partnerId = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(PARTNER_ID_CLAIM) : null;
        if (partnerId == null || partnerId.toString().isBlank()) {
            throw new ApiException(403, "not_a_partner_token", "the access token belongs to no partner");
        }
        return partnerId.toString();
    }

    /** Who acts, for the audit log. */
    public static String subject(SecurityIdentity identity) {
        return identity.getPrincipal().getName();
    }
}
