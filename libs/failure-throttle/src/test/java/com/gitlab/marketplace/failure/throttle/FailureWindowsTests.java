package com.gitlab.marketplace.failure.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureWindowsTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FailureWindows<String> windows = new FailureWindows<>(3, Duration.ofMinutes(1), 1000, now::get);

    @Test
    void aKeyIsBlockedAtItsLimitUntilItsWindowEndsAndOtherKeysAreNot() {
        assertThat(windows.recordFailure("203.0.113.7")).isFalse();
        assertThat(windows.recordFailure("203.0.113.7")).isFalse();
        assertThat(windows.blockedFor("203.0.113.7")).isEmpty();
        assertThat(windows.recordFailure("203.0.113.7")).as("the failure that blocks").isTrue();
        assertThat(windows.recordFailure("203.0.113.7")).as("counted once as the blocking one").isFalse();

        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(windows.blockedFor("203.0.113.7")).hasValue(Duration.ofSeconds(40));
        assertThat(windows.blockedFor("198.51.100.1")).isEmpty();

        now.addAndGet(Duration.ofSeconds(41).toNanos());
        assertThat(windows.blockedFor("203.0.113.7")).isEmpty();
    }
}
