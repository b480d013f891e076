package com.gitlab.marketplace.zuora.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * In production the callout receiver may not start weakly protected: Zuora's callouts license customers, so
 * they must be signed (HMAC) and their Basic password long enough to resist guessing. The connector refuses to
 * start otherwise, naming the setting to fix.
 */
@ApplicationScoped
public class CalloutSettingsCheck {

    static final int MIN_PASSWORD_LENGTH = 16;

    void check(@Observes StartupEvent startup, ZuoraConnectorConfig config) {
        if (ConfigUtils.getProfiles().contains("prod")) {
            List<String> problems = problems(config.callout());
            if (!problems.isEmpty()) {
                throw new IllegalStateException("zuora-connector will not accept callouts with these settings: "
                        + String.join("; ", problems));
            }
        }
    }

    static List<String> problems(ZuoraConnectorConfig.Callout callout) {
        List<String> problems = new ArrayList<>();
        if (callout.hmacSecret().filter(secret -> !secret.isBlank()).isEmpty()) {
            problems.add("ZUORA_CONNECTOR_CALLOUT_HMAC_SECRET must be set (and Zuora's callout signed with it)");
        }
        tooShort(Optional.of(callout.password()), "ZUORA_CONNECTOR_CALLOUT_PASSWORD").ifPresent(problems::add);
        tooShort(callout.previousPassword(), "ZUORA_CONNECTOR_CALLOUT_PREVIOUS_PASSWORD").ifPresent(problems::add);
        return problems;
    }

    private static Optional<String> tooShort(Optional<String> password, String variable) {
        return password.filter(p -> p.length() < MIN_PASSWORD_LENGTH)
                .map(p -> variable + " must have at least " + MIN_PASSWORD_LENGTH + " characters");
    }
}
