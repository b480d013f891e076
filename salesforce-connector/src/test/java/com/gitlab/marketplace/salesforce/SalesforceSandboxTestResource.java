package com.gitlab.marketplace.salesforce;

import com.gitlab.marketplace.sandbox.salesforce.SalesforceSandbox;
import com.gitlab.marketplace.sandbox.salesforce.SandboxSettings;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Runs the Salesforce sandbox in the test JVM over real HTTP and points the connector at it. */
public class SalesforceSandboxTestResource implements QuarkusTestResourceLifecycleManager {

    private SalesforceSandbox sandbox;

    @Override
    public Map<String, String> start() {
        sandbox = SalesforceSandbox.start(SandboxSettings.defaults());
        return Map.of("salesforce-connector.salesforce.login-url", sandbox.baseUrl());
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
