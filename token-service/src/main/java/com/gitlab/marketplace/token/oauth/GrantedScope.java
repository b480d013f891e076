package com.gitlab.marketplace.token.oauth;

import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.token.client.OAuthClient;
import java.util.LinkedHashSet;
import java.util.Set;

/** Checks the requested scopes against what the server knows and what the client was granted. */
public final class GrantedScope {

    private GrantedScope() {
    }

    /**
     * The scope string to grant: the requested scopes, each once, in request order.
     *
     * @throws OAuthException {@code invalid_scope} when the scope is missing or empty, or a scope is
     *                        unknown or not granted to this client
     */
    public static String resolve(String requested, OAuthClient client) {
        if (requested == null || requested.isBlank()) {
            throw new OAuthException(OAuthError.INVALID_SCOPE,
                    "scope is required: one or more of " + String.join(", ", client.scopes()));
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : requested.trim().split(" +")) {
            if (!Scopes.ALL.contains(scope)) {
                throw new OAuthException(OAuthError.INVALID_SCOPE, "unknown scope '" + scope + "'");
            }
            if (!client.scopes().contains(scope)) {
                throw new OAuthException(OAuthError.INVALID_SCOPE,
                        "scope '" + scope + "' is not granted to this client");
            }
            scopes.add(scope);
        }
        return String.join(" ", scopes);
    }
}
