package com.gitlab.marketplace.salesforce.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** salesforce-connector settings; credentials come from the environment in production. */
@ConfigMapping(prefix = "salesforce-connector")
public interface SalesforceConnectorConfig {

    Salesforce salesforce();

    Records records();

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

        /** The opportunity stage of an order Zuora billed. */
        @WithDefault("Closed Won")
        String opportunityStage();

        /** The stage of an order whose subscription is not created yet. */
        @WithDefault("Negotiation/Review")
        String openOpportunityStage();

        /** The stage of an order Zuora refused (nothing billed). */
        @WithDefault("Closed Lost")
        String lostOpportunityStage();
    }

    /** The durable steps of an order's records. */
    interface Records {

        /** How long making the records, or writing the opportunity's stage, may keep trying before it is an incident. */
        @WithDefault("PT30M")
        Duration deadline();

        /**
         * How long a trading partner or a price book entry Salesforce confirmed is trusted without asking again
         * (one check per order otherwise). What Salesforce did not confirm is never cached, so a fix of the org's
         * data counts at the next try.
         */
        @WithDefault("PT10M")
        Duration prerequisitesCacheTtl();
    }
}
