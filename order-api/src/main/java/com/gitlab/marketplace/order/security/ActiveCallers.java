package com.gitlab.marketplace.order.security;

import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.order.partner.ClientStates;
import com.gitlab.marketplace.order.partner.PartnerAccount;
import com.gitlab.marketplace.order.partner.PartnerReplica;
import com.gitlab.marketplace.order.ratelimit.PartnerRateLimits;
import com.gitlab.marketplace.order.ratelimit.Usage;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The partner a request acts for, if its token still may and its partner is within its limits: a token is
 * verified once and then trusted until it expires, so disabling its client or its partner must be checked on
 * every request. Both answers come from caches kept for 2 s, fed by token-service's events, so a disable acts
 * within seconds on every replica and a status poll reads no table for it. Then the call is taken from the
 * partner's limit for its kind ({@link PartnerRateLimits}), and the answer carries where the partner stands.
 */
@ApplicationScoped
public class ActiveCallers {

    private final ClientStates clients;
    private final PartnerReplica partners;
    private final PartnerRateLimits limits;
    private final CurrentVertxRequest request;

    public ActiveCallers(ClientStates clients, PartnerReplica partners, PartnerRateLimits limits,
            CurrentVertxRequest request) {
        this.clients = clients;
        this.partners = partners;
        this.limits = limits;
        this.request = request;
    }

    /**
     * @throws ApiException 403 for a token of no partner or of a disabled partner, 429 past the partner's limit
     * @throws RevokedToken for a token whose client an operator disabled
     */
    public Uni<String> partnerOf(SecurityIdentity identity, Usage usage) {
        // Taken now, on the request's own thread: the checks below complete on the database client's.
        HttpServerResponse response = request.getCurrent().response();
        return active(identity).call(partnerId -> limits.take(partnerId, usage).invoke(quota -> quota.ifPresent(q -> {
            q.writeTo(response);
            if (q.exceeded()) {
                throw q.refusal();
            }
        })));
    }

    private Uni<String> active(SecurityIdentity identity) {
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
