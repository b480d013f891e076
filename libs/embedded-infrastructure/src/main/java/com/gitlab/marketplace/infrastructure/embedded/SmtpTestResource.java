package com.gitlab.marketplace.infrastructure.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Hands the JVM's GreenMail SMTP server to a {@code @QuarkusTest} as the Quarkus mailer's host and port. */
public class SmtpTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        SmtpServer smtp = SmtpServer.shared();
        return Map.of(
                "quarkus.mailer.host", smtp.host(),
                "quarkus.mailer.port", String.valueOf(smtp.port()),
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.tls", "false",
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void stop() {
        // The server is shared by every test of the JVM and stops with it.
    }
}
