package com.gitlab.marketplace.order;

import com.gitlab.marketplace.infrastructure.embedded.KafkaTestResource;
import com.gitlab.marketplace.infrastructure.embedded.PostgresTestResource;
import com.gitlab.marketplace.infrastructure.embedded.TokenIssuerStandIn;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every order-api test runs against embedded PostgreSQL, the in-JVM Kafka broker and the test issuer. */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = PostgresTestResource.DATABASE_ARG, value = "order_api"))
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerStandIn.class, scope = TestResourceScope.GLOBAL)
public final class OrderApiTestInfrastructure {

    private OrderApiTestInfrastructure() {
    }
}
