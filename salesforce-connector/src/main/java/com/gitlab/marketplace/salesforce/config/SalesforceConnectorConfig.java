package com.gitlab.marketplace.salesforce.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** salesforce-connector settings; credentials come from the environment in production. */
@ConfigMapping(prefix = "salesforce-connector")
public interface SalesforceConnectorConfig {

    Salesforce salesforce();

    /** The Salesforce org (or the sandbox) and the connected app's client credentials. */
    interface Salesforce {

        /**
         * Where tokens are requested, e.g. {@code https://mycompany.my.salesforce.com} (env
         * {@code SALESFORCE_CONNECTOR_SALESFORCE_LOGIN_URL}); API calls go to the token's {@code instance_url}.
         */
        String loginUrl();

        /** env {@code SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_ID} (the connected app's consumer key) */
        String clientId();

        /** env {@code SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_SECRET} */
        String clientSecret();

        @WithDefault("v60.0")
        String apiVersion();

        @WithDefault("PT30S")
        Duration requestTimeout();

        /** The opportunity stage of a placed order. */
        @WithDefault("Closed Won")
        String opportunityStage();
    }
}
