package com.gitlab.marketplace.zuora.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** zuora-connector settings; credentials come from the environment in production. */
@ConfigMapping(prefix = "zuora-connector")
public interface ZuoraConnectorConfig {

    Zuora zuora();

    Callout callout();

    /** The Zuora tenant (or the sandbox): base URL and OAuth client. */
    interface Zuora {

        /** e.g. {@code https://rest.zuora.com} (env {@code ZUORA_CONNECTOR_ZUORA_BASE_URL}). */
        String baseUrl();

        /** env {@code ZUORA_CONNECTOR_ZUORA_CLIENT_ID} */
        String clientId();

        /** env {@code ZUORA_CONNECTOR_ZUORA_CLIENT_SECRET} */
        String clientSecret();

        /** How long one call may take before it counts as a (transient) timeout. */
        @WithDefault("PT30S")
        Duration requestTimeout();

        /** The currency of new customer accounts. */
        @WithDefault("USD")
        String currency();
    }

    /** How Zuora authenticates its callouts to us (API.md §3). */
    interface Callout {

        /** The Basic auth user configured in Zuora's callout (env {@code ZUORA_CONNECTOR_CALLOUT_USERNAME}). */
        String username();

        /** Its password (env {@code ZUORA_CONNECTOR_CALLOUT_PASSWORD}), at least 16 characters. */
        String password();

        /**
         * When set, every callout must carry {@code X-Zuora-Signature}: base64 HmacSHA256 of the raw body
         * under this secret (env {@code ZUORA_CONNECTOR_CALLOUT_HMAC_SECRET}).
         */
        Optional<String> hmacSecret();
    }
}
