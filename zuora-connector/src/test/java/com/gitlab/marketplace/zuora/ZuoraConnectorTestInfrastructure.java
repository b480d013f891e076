package com.gitlab.marketplace.zuora;

import com.gitlab.marketplace.infrastructure.embedded.KafkaTestResource;
import com.gitlab.marketplace.infrastructure.embedded.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every zuora-connector test: embedded PostgreSQL, the in-JVM Kafka broker and the Zuora sandbox. */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = PostgresTestResource.DATABASE_ARG, value = "zuora_connector"))
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ZuoraSandboxTestResource.class, scope = TestResourceScope.GLOBAL)
public final class ZuoraConnectorTestInfrastructure {

    private ZuoraConnectorTestInfrastructure() {
    }
}
