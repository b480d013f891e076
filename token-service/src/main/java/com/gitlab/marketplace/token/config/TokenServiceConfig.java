package com.gitlab.marketplace.token.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** token-service settings; every secret here comes from the environment in production. */
@ConfigMapping(prefix = "token-service")
public interface TokenServiceConfig {

    /**
     * The public base URL partners use (the gateway), without trailing slash. It is the tokens' {@code iss}
     * and the base of every URL in the discovery documents; resource servers check it.
     */
    String issuer();

    /** The tokens' {@code aud}: the resource servers that accept them. */
    @WithDefault("marketplace")
    String audience();

    /** How long a partner's access token is valid ({@code expires_in}). */
    @WithDefault("PT2H")
    Duration tokenLifetime();

    /**
     * How long an operator's access token is valid. Short: order-api refuses a disabled operator client's tokens
     * within seconds, but zuora-connector and notification-service only at their expiry, and the command line
     * asks for a new token with every command anyway.
     */
    @WithDefault("PT10M")
    Duration operatorTokenLifetime();

    /**
     * The key of the keyed hash of client secrets (env {@code TOKEN_SERVICE_CLIENT_SECRET_PEPPER}), at least
     * 32 characters. Changing it invalidates every client secret.
     */
    String clientSecretPepper();

    SigningKeys signingKeys();

    Throttle throttle();

    BootstrapAdmin bootstrapAdmin();

    interface SigningKeys {

        /**
         * Base64 of a 32-byte AES key that encrypts signing keys at rest
         * (env {@code TOKEN_SERVICE_SIGNING_KEYS_ENCRYPTION_KEY}).
         */
        String encryptionKey();

        /** A signing key older than this is replaced by a new one automatically. */
        @WithDefault("P30D")
        Duration rotationInterval();

        /** How often each replica reloads the key set, so a rotation on one replica reaches all. */
        @WithDefault("PT10S")
        Duration reloadInterval();

        /**
         * How long a new key is published in the JWKS before it signs: at least the JWKS refresh period of
         * every resource server (quarkus-oidc refreshes on an unknown kid at most every 10 minutes by
         * default), so no token is ever signed by a key a verifier cannot have fetched yet.
         */
        @WithDefault("PT15M")
        Duration publishLead();
    }

    interface Throttle {

        /**
         * Failed authentications of one client id from one source address within {@link #window()} before that
         * pair gets 429 slow_down. Counted per source too, because client ids are public (every token carries
         * one): a wrong secret sent from elsewhere must never lock the legitimate partner out.
         */
        @WithDefault("10")
        int maxFailuresPerClientAndSource();

        /** Failed authentications from one source address within {@link #window()} before 429 slow_down. */
        @WithDefault("50")
        int maxFailuresPerSource();

        @WithDefault("PT1M")
        Duration window();
    }

    /** An operator client created at startup, so a fresh install can onboard its first partner. */
    interface BootstrapAdmin {

        /** env {@code TOKEN_SERVICE_BOOTSTRAP_ADMIN_CLIENT_ID} */
        Optional<String> clientId();

        /** env {@code TOKEN_SERVICE_BOOTSTRAP_ADMIN_CLIENT_SECRET}, at least 32 characters */
        Optional<String> clientSecret();
    }
}
