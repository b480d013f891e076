package com.gitlab.marketplace.order.security;

import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.order.partner.ClientStates;
import com.gitlab.marketplace.order.partner.PartnerAccount;
import com.gitlab.marketplace.order.partner.PartnerReplica;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The partner a request acts for, if its token still may: a token is verified once and then trusted until it
 * expires, so disabling its client or its partner must be checked on every request. Both answers come from
 * caches kept for 2 s, fed by token-service's events, so a disable acts
 * within seconds on every replica and a status poll reads no table for it.
 */
@ApplicationScoped
public class ActiveCallers {

    private final ClientStates clients;
    private final PartnerReplica partners;

    public ActiveCallers(ClientStates clients, PartnerReplica partners) {
        this.clients = clients;
        this.partners = partners;
    }

    /**
     * @throws ApiException 403 for a token of no partner or of a disabled partner
     * @throws RevokedToken for a token whose client an operator disabled
     */
    public Uni<String> partnerOf(SecurityIdentity identity) {
        String partnerId = CallerPartner.of(identity);
        return Uni.combine().all().unis(clients.disabled(CallerPartner.subject(identity)), partners.disabled(partnerId))
                .asTuple().map(disabled -> {
                    if (disabled.getItem1()) {
                        throw new RevokedToken();
                    }
                    if (disabled.getItem2()) {
                        throw PartnerAccount.notEnabled(partnerId);
                    }
                    return partnerId;
                });
    }

    /** A token whose client was disabled after it was issued: answered like an invalid token (RFC 6750). */
    public static final class RevokedToken extends RuntimeException {
        RevokedToken() {
            super("the access token's client is disabled", null, false, false);
        }
    }
}
