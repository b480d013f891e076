package com.gitlab.marketplace.sandbox.zuora;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the sandbox tenant is set up. From the environment when run as a process ({@link #fromEnvironment}),
 * or built directly by tests.
 *
 * @param port               HTTP port (0: any free one)
 * @param clientId           the OAuth client the connector authenticates with
 * @param clientSecret       its secret
 * @param tokenLifetime      how long an access token lives (Zuora: one hour)
 * @param invoiceOwners      account numbers that exist from the start (partners' invoice-owner accounts)
 * @param requestsPerMinute  the tenant's rate limit; over it, 429 with Retry-After
 * @param callout            where and how subscription callouts are sent
 */
public record SandboxSettings(int port, String clientId, String clientSecret, Duration tokenLifetime,
        List<String> invoiceOwners, int requestsPerMinute, CalloutSettings callout) {

    /**
     * The callout notification as configured in Zuora.
     *
     * @param url          the receiver (the platform's {@code /api/v1/zuora/callouts}); empty: no callouts
     * @param username     Basic auth user
     * @param password     Basic auth password
     * @param preemptive   send credentials at once instead of after the 401 challenge (Zuora's default)
     * @param hmacSecret   when set, sign the raw body (HmacSHA256, base64) in {@code X-Zuora-Signature}
     * @param delay        wait before the first attempt and between retries
     * @param maxAttempts  attempts per notification
     */
    public record CalloutSettings(Optional<String> url, String username, String password, boolean preemptive,
            Optional<String> hmacSecret, Duration delay, int maxAttempts) {

        public static CalloutSettings none() {
            return new CalloutSettings(Optional.empty(), "zuora", "zuora", false, Optional.empty(),
                    Duration.ofMillis(200), 5);
        }
    }

    public static SandboxSettings defaults() {
        return new SandboxSettings(0, "zuora-sandbox-client", "zuora-sandbox-secret", Duration.ofSeconds(3599),
                List.of("A00001234"), 6000, CalloutSettings.none());
    }

    /** {@code ZUORA_SANDBOX_*} variables, each defaulting to {@link #defaults()}. */
    public static SandboxSettings fromEnvironment(Map<String, String> env) {
        SandboxSettings d = defaults();
        CalloutSettings c = d.callout();
        return new SandboxSettings(
                Integer.parseInt(env.getOrDefault("ZUORA_SANDBOX_PORT", "8091")),
                env.getOrDefault("ZUORA_SANDBOX_CLIENT_ID", d.clientId()),
                env.getOrDefault("ZUORA_SANDBOX_CLIENT_SECRET", d.clientSecret()),
                Duration.parse(env.getOrDefault("ZUORA_SANDBOX_TOKEN_LIFETIME", d.tokenLifetime().toString())),
                List.of(env.getOrDefault("ZUORA_SANDBOX_INVOICE_OWNERS", String.join(",", d.invoiceOwners())).split(",")),
                Integer.parseInt(env.getOrDefault("ZUORA_SANDBOX_REQUESTS_PER_MINUTE",
                        String.valueOf(d.requestsPerMinute()))),
                new CalloutSettings(
                        Optional.ofNullable(env.get("ZUORA_SANDBOX_CALLOUT_URL")).filter(s -> !s.isBlank()),
                        env.getOrDefault("ZUORA_SANDBOX_CALLOUT_USERNAME", c.username()),
                        env.getOrDefault("ZUORA_SANDBOX_CALLOUT_PASSWORD", c.password()),
                        Boolean.parseBoolean(env.getOrDefault("ZUORA_SANDBOX_CALLOUT_PREEMPTIVE", "false")),
                        Optional.ofNullable(env.get("ZUORA_SANDBOX_CALLOUT_HMAC_SECRET")).filter(s -> !s.isBlank()),
                        Duration.parse(env.getOrDefault("ZUORA_SANDBOX_CALLOUT_DELAY", c.delay().toString())),
                        Integer.parseInt(env.getOrDefault("ZUORA_SANDBOX_CALLOUT_MAX_ATTEMPTS",
                                String.valueOf(c.maxAttempts())))));
    }

    public SandboxSettings withPort(int newPort) {
        return new SandboxSettings(newPort, clientId, clientSecret, tokenLifetime, invoiceOwners, requestsPerMinute,
                callout);
    }

    public SandboxSettings withCallout(CalloutSettings newCallout) {
        return new SandboxSettings(port, clientId, clientSecret, tokenLifetime, invoiceOwners, requestsPerMinute,
                newCallout);
    }
}
