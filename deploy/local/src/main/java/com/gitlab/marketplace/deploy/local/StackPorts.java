package com.gitlab.marketplace.deploy.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each part listens: the gateway on the base port, the services on the next five, the sandboxes
 * ten further, so two stacks (or a stack and the tests) never clash when their bases differ by 20.
 */
public record StackPorts(int gateway) {
    public StackPorts {
        if (gateway < 1024 || gateway > 65_535 - 12) {
            throw new IllegalArgumentException("--port-base must be between 1024 and 65523, not " + gateway);
        }
    }

    int tokenService() {
        return gateway + 1;
    }

    int orderApi() {
        return gateway + 2;
    }

    int zuoraConnector() {
        return gateway + 3;
    }

    int salesforceConnector() {
        return gateway + 4;
    }

    int notificationService() {
        return gateway + 5;
    }

    int zuoraSandbox() {
        return gateway + 11;
    }

    int salesforceSandbox() {
        return gateway + 12;
    }

    Map<String, Integer> byName() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("gateway", gateway);
        ports.put("token-service", tokenService());
        ports.put("order-api", orderApi());
        ports.put("zuora-connector", zuoraConnector());
        ports.put("salesforce-connector", salesforceConnector());
        ports.put("notification-service", notificationService());
        ports.put("sandboxes-zuora", zuoraSandbox());
        ports.put("sandboxes-salesforce", salesforceSandbox());
        return ports;
    }
}
