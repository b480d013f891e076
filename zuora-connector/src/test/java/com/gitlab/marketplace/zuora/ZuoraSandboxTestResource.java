package com.gitlab.marketplace.zuora;

import com.gitlab.marketplace.sandbox.zuora.SandboxSettings;
import com.gitlab.marketplace.sandbox.zuora.ZuoraSandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the Zuora sandbox in the test JVM over real HTTP, with its callouts aimed at the connector under
 * test (Basic auth after the challenge, HMAC-signed), and points the connector at it.
 */
public class ZuoraSandboxTestResource implements QuarkusTestResourceLifecycleManager {

    static final String CALLOUT_USER = "zuora";
    static final String CALLOUT_PASSWORD = "local-demo-callout-password";
    static final String HMAC_SECRET = "test-callout-hmac-secret";

    private ZuoraSandbox sandbox;

    @Override
    public Map<String, String> start() {
        sandbox = ZuoraSandbox.start(SandboxSettings.defaults().withCallout(new SandboxSettings.CalloutSettings(
                Optional.of("http://localhost:18083/api/v1/zuora/callouts"), CALLOUT_USER, CALLOUT_PASSWORD, false,
                Optional.of(HMAC_SECRET), Duration.ofMillis(100), 5)));
        return Map.of("zuora-connector.zuora.base-url", sandbox.baseUrl(),
                "zuora-connector.callout.hmac-secret", HMAC_SECRET);
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
