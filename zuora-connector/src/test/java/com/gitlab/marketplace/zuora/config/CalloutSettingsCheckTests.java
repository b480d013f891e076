package com.gitlab.marketplace.zuora.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the connector refuses to start with in production. */
class CalloutSettingsCheckTests {

    @Test
    void productionCalloutsMustBeSignedAndTheirPasswordsLong() {
        assertThat(CalloutSettingsCheck.problems(callout("a-long-enough-password", Optional.empty(),
                Optional.of("hmac-secret")))).isEmpty();
        assertThat(CalloutSettingsCheck.problems(callout("a-long-enough-password", Optional.empty(), Optional.empty())))
                .singleElement().asString().contains("ZUORA_CONNECTOR_CALLOUT_HMAC_SECRET");
        assertThat(CalloutSettingsCheck.problems(callout("short", Optional.of("also-short"), Optional.of("s"))))
                .hasSize(2).allSatisfy(problem -> assertThat(problem).contains("at least 16 characters"));
    }

    private static ZuoraConnectorConfig.Callout callout(String password, Optional<String> previous,
            Optional<String> hmac) {
        return new ZuoraConnectorConfig.Callout() {
            public String username() {
                return "zuora";
            }

            public String password() {
                return password;
            }

            public Optional<String> previousPassword() {
                return previous;
            }

            public Optional<String> hmacSecret() {
                return hmac;
            }

            public Optional<String> previousHmacSecret() {
                return Optional.empty();
            }

            public int maxFailedAuthentications() {
                return 10;
            }

            public Duration failedAuthenticationWindow() {
                return Duration.ofMinutes(1);
            }
        };
    }
}
