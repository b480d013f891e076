package com.gitlab.marketplace.token.oauth;

import java.time.Duration;

/** A token request the server refuses; becomes {@code {"error","error_description"}} with its status. */
public class OAuthException extends RuntimeException {

    private final OAuthError error;
    private final Duration retryAfter;

    public OAuthException(OAuthError error, String description) {
        this(error, description, null);
    }

    public OAuthException(OAuthError error, String description, Duration retryAfter) {
        super(description, null, false, false);
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    /** For {@link OAuthError#SLOW_DOWN}: when the client may try again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
