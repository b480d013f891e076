package com.gitlab.marketplace.notification;

import com.gitlab.marketplace.infrastructure.embedded.KafkaTestResource;
import com.gitlab.marketplace.infrastructure.embedded.PostgresTestResource;
import com.gitlab.marketplace.infrastructure.embedded.TokenIssuerStandIn;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every notification-service test: embedded PostgreSQL, the in-JVM Kafka broker, GreenMail behind the SMTP
 * front, and the token issuer stand-in for operator tokens.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = PostgresTestResource.DATABASE_ARG, value = "notification_service"))
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MailServerFaults.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerStandIn.class, scope = TestResourceScope.GLOBAL)
public final class NotificationTestInfrastructure {

    private NotificationTestInfrastructure() {
    }
}
