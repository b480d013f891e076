package com.gitlab.marketplace.token.rest.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.marketplace.token.client.OAuthClient;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** A client as the operator API shows it. {@code clientSecret} appears only in the answer that made it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientView(String clientId, String clientSecret, String partnerId, String description,
        Set<String> scopes, boolean enabled, Instant createdAt, Instant secretRotatedAt) {

    static ClientView of(OAuthClient client) {
        return of(client, null);
    }

    static ClientView of(OAuthClient client, String secret) {
        return new ClientView(client.clientId(), secret, client.partnerId(), client.description(),
                new TreeSet<>(client.scopes()), client.enabled(), client.createdAt(), client.secretRotatedAt());
    }
}
