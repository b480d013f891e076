package com.gitlab.marketplace.sandbox.salesforce;

import java.time.Duration;
import java.util.Map;

/**
 * How the sandbox org is set up: from {@code SALESFORCE_SANDBOX_*} variables when run as a process, or built
 * by tests.
 *
 * @param port           HTTP port (0: any free one)
 * @param clientId       the connected app's consumer key the connector authenticates with
 * @param clientSecret   its secret
 * @param sessionTimeout how long an access token works (Salesforce does not say; it answers 401 after)
 * @param dailyLimit     API requests per day; over it, 403 REQUEST_LIMIT_EXCEEDED
 */
public record SandboxSettings(int port, String clientId, String clientSecret, Duration sessionTimeout,
        int dailyLimit) {

    public static SandboxSettings defaults() {
        return new SandboxSettings(0, "salesforce-sandbox-client", "salesforce-sandbox-secret", Duration.ofHours(2),
                100_000);
    }

    public static SandboxSettings fromEnvironment(Map<String, String> env) {
        SandboxSettings d = defaults();
        return new SandboxSettings(
                Integer.parseInt(env.getOrDefault("SALESFORCE_SANDBOX_PORT", "8092")),
                env.getOrDefault("SALESFORCE_SANDBOX_CLIENT_ID", d.clientId()),
                env.getOrDefault("SALESFORCE_SANDBOX_CLIENT_SECRET", d.clientSecret()),
                Duration.parse(env.getOrDefault("SALESFORCE_SANDBOX_SESSION_TIMEOUT", d.sessionTimeout().toString())),
                Integer.parseInt(env.getOrDefault("SALESFORCE_SANDBOX_DAILY_LIMIT", String.valueOf(d.dailyLimit()))));
    }
}
