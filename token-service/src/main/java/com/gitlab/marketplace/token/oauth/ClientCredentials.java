package com.gitlab.marketplace.token.oauth;

import com.gitlab.marketplace.http.errors.TextInput;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The client's id and secret, from an HTTP Basic header (RFC 6749 §2.3.1: both form-encoded, then
 * base64) or else from the body parameters. When a Basic header is present it alone is used.
 */
public record ClientCredentials(String clientId, String clientSecret, boolean basic) {

    private static final String BASIC = "basic ";

    public static ClientCredentials from(String authorization, TokenRequest request) {
        if (authorization != null && authorization.length() >= BASIC.length()
                && authorization.substring(0, BASIC.length()).toLowerCase(Locale.ROOT).equals(BASIC)) {
            return fromBasic(authorization.substring(BASIC.length()).trim());
        }
        String clientId = request.get(TokenRequest.CLIENT_ID);
        String clientSecret = request.get(TokenRequest.CLIENT_SECRET);
        if (clientId == null || clientSecret == null) {
            throw new OAuthException(OAuthError.INVALID_CLIENT,
                    "client authentication failed: send client_id and client_secret, or HTTP Basic credentials");
        }
        return new ClientCredentials(clientId, clientSecret, false);
    }

    private static ClientCredentials fromBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("no client id");
            }
            String clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String clientSecret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            if (clientSecret.isEmpty()) {
                throw new IllegalArgumentException("no client secret");
            }
            if (TextInput.problem(clientId).or(() -> TextInput.problem(clientSecret)).isPresent()) {
                throw new IllegalArgumentException("control characters");
            }
            return new ClientCredentials(clientId, clientSecret, true);
        } catch (IllegalArgumentException e) {
            throw new OAuthException(OAuthError.INVALID_CLIENT,
                    "client authentication failed: malformed HTTP Basic credentials");
        }
    }
}
