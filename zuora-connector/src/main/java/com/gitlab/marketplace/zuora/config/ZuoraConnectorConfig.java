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

    Subscriptions subscriptions();

    /** The Zuora tenant (or the sandbox): base URL and OAuth client. */
    interface Zuora {

        /** e.g. {@code https://rest.zuora.com} (env {@code ZUORA_CONNECTOR_ZUORA_BASE_URL}). */
        String baseUrl();

        /** env {@code ZUORA_CONNECTOR_ZUORA_CLIENT_ID} */
        String clientId();

        /** env {@code ZUORA_CONNECTOR_ZUORA_CLIENT_SECRET} */
        String clientSecret();

        /** How long one call may take; a call that takes longer has an unknown outcome and is looked up. */
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

        /** Its password (env {@code ZUORA_CONNECTOR_CALLOUT_PASSWORD}); in production at least 16 characters. */
        String password();

        /**
         * While the password is being rotated: the one Zuora may still send until its callout is switched to the
         * new one (env {@code ZUORA_CONNECTOR_CALLOUT_PREVIOUS_PASSWORD}); remove it once switched.
         */
        Optional<String> previousPassword();

        /**
         * When set, every callout must carry {@code X-Zuora-Signature}: base64 HmacSHA256 of the raw body
         * under this secret (env {@code ZUORA_CONNECTOR_CALLOUT_HMAC_SECRET}). Required in production.
         */
        Optional<String> hmacSecret();

        /** While the HMAC secret is being rotated: the previous one, also accepted (env {@code …_PREVIOUS_HMAC_SECRET}). */
        Optional<String> previousHmacSecret();

        /** Failed authentications from one source address within the window before it gets 429. */
        @WithDefault("10")
        int maxFailedAuthentications();

        @WithDefault("PT1M")
        Duration failedAuthenticationWindow();
    }

    /** The durable steps of an order's subscription: their deadlines and pace. */
    interface Subscriptions {

        /**
         * How long creating the subscription may keep trying (with backoff) after the order arrives or an operator
         * retries it. Past it the order is refused (nothing was billed) or, when a call's outcome stayed unknown,
         * an operator incident.
         */
        @WithDefault("PT15M")
        Duration createDeadline();

        /**
         * How long a partner's change may keep trying. Past it the change is Failed when every try was answered
         * without making it (nothing changed in billing), else an operator incident (it stays Pending).
         */
        @WithDefault("PT15M")
        Duration changeDeadline();

        /** How long Zuora's callout is waited for before the connector looks the subscription up itself. */
        @WithDefault("PT10M")
        Duration calloutDeadline();

        /** How often a subscription that is not active yet (e.g. Pending Activation) is looked at again. */
        @WithDefault("PT5M")
        Duration activationRecheck();

        /** Past this (from its creation), a subscription still not active is an operator incident. */
        @WithDefault("PT72H")
        Duration activationDeadline();
    }
}
