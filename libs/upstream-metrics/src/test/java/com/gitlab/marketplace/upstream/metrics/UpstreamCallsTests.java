package com.gitlab.marketplace.upstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UpstreamCallsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UpstreamCalls zuora = new UpstreamCalls(registry, "zuora");

    @Test
    void eachAttemptIsTimedUnderItsOutcome() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> flaky = Uni.createFrom().item(attempts::incrementAndGet).onItem().transform(n -> {
            if (n < 3) {
                throw new IllegalStateException("busy");
            }
            return "A-S00000001";
        });

        String result = zuora.timed("create_order", failure -> "transient", flaky.onItem().delayIt()
                .by(Duration.ofMillis(20))).onFailure().retry().atMost(5).await().indefinitely();

        assertThat(result).isEqualTo("A-S00000001");
        assertThat(timer("create_order", "transient").count()).isEqualTo(2);
        assertThat(timer("create_order", "success").count()).isEqualTo(1);
        assertThat(timer("create_order", "success").totalTime(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(20);
    }

    @Test
    void aFailureKeepsItsExceptionAndIsNamedByTheCaller() {
        Uni<String> rejected = Uni.createFrom().failure(new IllegalArgumentException("53100320: invalid value"));

        assertThatThrownBy(() -> zuora.timed("create_order", failure -> "rejected", rejected).await().indefinitely())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(timer("create_order", "rejected").count()).isEqualTo(1);
    }

    private Timer timer(String operation, String outcome) {
        return registry.get("marketplace.upstream.calls").tags("system", "zuora", "operation", operation,
                "outcome", outcome).timer();
    }
}
