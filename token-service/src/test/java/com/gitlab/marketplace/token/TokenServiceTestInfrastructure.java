package com.gitlab.marketplace.token;

import com.gitlab.marketplace.infrastructure.embedded.KafkaTestResource;
import com.gitlab.marketplace.infrastructure.embedded.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The real infrastructure of every token-service test: embedded PostgreSQL and an in-JVM Kafka broker,
 * started once for the whole test JVM.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = PostgresTestResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TokenServiceTestInfrastructure {

    private TokenServiceTestInfrastructure() {
    }
}
