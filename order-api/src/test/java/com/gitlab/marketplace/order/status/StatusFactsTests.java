package com.gitlab.marketplace.order.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status rules of ARCHITECTURE.md, derived from facts. */
class StatusFactsTests {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void statusFollowsTheFacts() {
        StatusFacts none = StatusFacts.none();
        assertThat(none.status()).isEqualTo(OrderStatus.Creating);
        assertThat(none.withZuoraSubscription("A-S1").status()).isEqualTo(OrderStatus.Creating);
        assertThat(none.withSalesforceRecords().status()).isEqualTo(OrderStatus.Creating);
        assertThat(none.withZuoraSubscription("A-S1").withSalesforceRecords().status()).isEqualTo(OrderStatus.Created);
        assertThat(none.withLicenseSent().withSalesforceRecords().withZuoraSubscription("A-S1").status())
                .isEqualTo(OrderStatus.Provisioned);
    }

    @Test
    void aFailureOfTheCurrentAttemptMeansFailed() {
        Failure failure = new Failure("zuora", "53100320", "Invalid rate plan", false, 0, T0);
        StatusFacts failed = StatusFacts.none().withZuoraSubscription("A-S1").withSalesforceRecords().withFailure(failure);
        assertThat(failed.status()).isEqualTo(OrderStatus.Failed);

        StatusFacts retried = failed.withRetryRequested(T0.plusSeconds(60));
        assertThat(retried.attempt()).isEqualTo(1);
        assertThat(retried.status()).isEqualTo(OrderStatus.Created);
        assertThat(retried.activeFailures()).isEmpty();

        StatusFacts failedAgain = retried.withFailure(new Failure("notification", "smtp", "down", true, 1, T0.plusSeconds(90)));
        assertThat(failedAgain.status()).isEqualTo(OrderStatus.Failed);
        assertThat(failedAgain.activeFailures()).extracting(Failure::source).containsExactly("notification");
    }

    @Test
    void aLateFailureOfAnEarlierAttemptDoesNotFailTheRetryWhateverItsClockSays() {
        StatusFacts retried = StatusFacts.none()
                .withFailure(new Failure("zuora", "50000000", "timeout", true, 0, T0))
                .withRetryRequested(T0.plusSeconds(60));
        // The first attempt's second failure arrives after the retry, stamped by a clock running ahead.
        StatusFacts late = retried.withFailure(new Failure("salesforce", "UNABLE_TO_LOCK_ROW", "busy", true, 0,
                T0.plusSeconds(3600)));
        assertThat(late.status()).isEqualTo(OrderStatus.Creating);
        assertThat(late.activeFailures()).isEmpty();
    }
}
