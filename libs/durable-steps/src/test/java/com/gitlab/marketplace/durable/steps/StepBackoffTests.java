package com.gitlab.marketplace.durable.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepBackoffTests {

    private final StepBackoff backoff = new StepBackoff(Duration.ofSeconds(1), Duration.ofMinutes(2));

    @Test
    void anUpstreamsRetryAfterWinsUpToFiveMinutes() {
        assertThat(backoff.after(1, new Told(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
        // Longer than our own backoff's cap (2 min here) is still honoured: the upstream knows its own load.
        assertThat(backoff.after(1, new Told(Duration.ofMinutes(4)))).isEqualTo(Duration.ofMinutes(4));
        assertThat(backoff.after(1, new RuntimeException("wrapped", new Told(Duration.ofSeconds(40)))))
                .isEqualTo(Duration.ofSeconds(40));
        // A day asked for (a misconfigured proxy, a hostile answer) would park the step past its deadline.
        assertThat(backoff.after(1, new Told(Duration.ofDays(1)))).isEqualTo(StepBackoff.MAX_RETRY_AFTER);
    }

    @Test
    void withoutRetryAfterTheWaitGrowsWithJitterAndStaysUnderTheCap() {
        for (int tries = 1; tries <= 30; tries++) {
            Duration wait = backoff.after(tries, new RuntimeException("down"));
            long exponential = Math.min(120_000, 1_000L << Math.min(tries - 1, 20));
            assertThat(wait.toMillis()).as("after %d tries", tries).isBetween(exponential / 2, exponential);
        }
    }

    private static final class Told extends RuntimeException implements RetryAfter {
        private final Duration wait;

        Told(Duration wait) {
            super("told to wait " + wait);
            this.wait = wait;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(wait);
        }
    }
}
