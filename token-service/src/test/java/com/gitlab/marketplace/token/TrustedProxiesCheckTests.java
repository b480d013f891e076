package com.gitlab.marketplace.token;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gitlab.marketplace.token.config.TrustedProxiesCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesCheckTests {

    @Test
    void acceptsAddressesAndRanges() {
        assertThatCode(() -> TrustedProxiesCheck.requireAddressesOnly(
                List.of("127.0.0.0/8", "::1/128", "10.1.2.3", " 192.168.0.0/16"))).doesNotThrowAnyException();
    }

    @Test
    void refusesWhatQuarkusWouldResolveOnEveryRequest() {
        for (String entry : List.of("::1", "gateway.internal", "localhost", "10.0.0.1:8080")) {
            assertThatThrownBy(() -> TrustedProxiesCheck.requireAddressesOnly(List.of("127.0.0.1", entry)))
                    .hasMessageContaining("quarkus.http.proxy.trusted-proxies")
                    .hasMessageContaining("'" + entry + "'");
        }
    }
}
