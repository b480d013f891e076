package com.gitlab.marketplace.notification;

import com.gitlab.marketplace.infrastructure.embedded.SmtpFront;
import com.gitlab.marketplace.infrastructure.embedded.SmtpFront.Fault;
import com.gitlab.marketplace.infrastructure.embedded.SmtpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The service's mail server for its tests: the JVM's GreenMail behind the embedded infrastructure's
 * {@link SmtpFront}, whose faults the tests switch with a system
 * property each (read at every connection and line, so a test switches them while mail flows).
 */
public class MailServerFaults implements QuarkusTestResourceLifecycleManager {

    static final String DOWN = "test.smtp.down";
    static final String SILENT_GREETING = "test.smtp.silent-greeting";
    static final String SILENT_AFTER_DATA = "test.smtp.silent-after-data";

    private SmtpFront front;

    @Override
    public Map<String, String> start() {
        front = SmtpFront.start(SmtpServer.shared(),
                MailServerFaults::fault);
        return Map.of("notification-service.smtp.host", front.host(),
                "notification-service.smtp.port", String.valueOf(front.port()),
                "notification-service.smtp.tls", "false", "notification-service.smtp.start-tls", "DISABLED");
    }

    private static Fault fault() {
        if (Boolean.getBoolean(DOWN)) {
            return Fault.DOWN;
        }
        if (Boolean.getBoolean(SILENT_GREETING)) {
            return Fault.SILENT_GREETING;
        }
        return Boolean.getBoolean(SILENT_AFTER_DATA)
                ? Fault.SILENT_AFTER_DATA
                : Fault.NONE;
    }

    @Override
    public void stop() {
        front.close();
    }
}
