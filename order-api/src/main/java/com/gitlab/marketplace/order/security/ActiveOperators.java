package com.gitlab.marketplace.order.security;

import com.gitlab.marketplace.order.partner.ClientStates;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * An operator's token is verified once and then trusted until it expires (10 minutes), like a partner's; an operator
 * client disabled at token-service (a leaked secret, someone who left) must lose its power here within seconds
 * too. Its {@code ClientUpdated} reaches {@link ClientStates}; every call of the operator API ({@link OperatorApi})
 * checks it (cached 2 s), and a disabled client's token is refused like a revoked one (401 invalid_token).
 */
public class ActiveOperators {

    private final ClientStates clients;
    private final CurrentIdentityAssociation identities;

    public ActiveOperators(ClientStates clients, CurrentIdentityAssociation identities) {
        this.clients = clients;
        this.identities = identities;
    }

    @ServerRequestFilter
    @OperatorApi
    public Uni<Void> refuseDisabledClients() {
        return identities.getDeferredIdentity().chain(identity -> identity.isAnonymous() ? Uni.createFrom().voidItem()
                : clients.disabled(CallerPartner.subject(identity)).invoke(disabled -> {
                    if (disabled) {
                        throw new ActiveCallers.RevokedToken();
                    }
                }).replaceWithVoid());
    }
}
