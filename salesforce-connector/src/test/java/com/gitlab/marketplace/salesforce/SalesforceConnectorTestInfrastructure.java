package com.gitlab.marketplace.salesforce;

import com.gitlab.marketplace.infrastructure.embedded.KafkaTestResource;
import com.gitlab.marketplace.infrastructure.embedded.PostgresTestResource;
import com.gitlab.marketplace.infrastructure.embedded.TokenIssuerStandIn;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every salesforce-connector test: embedded PostgreSQL, the in-JVM Kafka broker the Salesforce sandbox and a token issuer. */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = PostgresTestResource.DATABASE_ARG, value = "salesforce_connector"))
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerStandIn.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SalesforceSandboxTestResource.class, scope = TestResourceScope.GLOBAL)
public final class SalesforceConnectorTestInfrastructure {

    private SalesforceConnectorTestInfrastructure() {
    }
}
