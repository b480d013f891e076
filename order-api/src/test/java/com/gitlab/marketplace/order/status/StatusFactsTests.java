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
    void onlyZuorasRefusalOfTheCurrentAttemptMeansFailedAndNeverOnceTheSubscriptionExists() {
        StatusFacts refused = StatusFacts.none().withSalesforceRecords()
                .withFailure(new Failure("zuora", "53100320", "Invalid rate plan", false, 0, T0, true));
        assertThat(refused.status()).isEqualTo(OrderStatus.Failed);

        StatusFacts retried = refused.withRetryRequested(T0.plusSeconds(60));
        assertThat(retried.attempt()).isEqualTo(1);
        assertThat(retried.status()).isEqualTo(OrderStatus.Creating);
        assertThat(retried.activeFailures()).isEmpty();

        // A subscription exists: a refusal reported for the same attempt (a duplicate, a late one) changes nothing.
        StatusFacts billed = retried.withZuoraSubscription("A-S1")
                .withFailure(new Failure("zuora", "53100320", "Invalid rate plan", false, 1, T0.plusSeconds(90), true));
        assertThat(billed.status()).isEqualTo(OrderStatus.Created);
        assertThat(billed.activeFailures()).isEmpty();
    }

    @Test
    void failuresAfterBillingOrIncidentsAreListedWhileTheOrderKeepsItsStatus() {
        StatusFacts billed = StatusFacts.none().withZuoraSubscription("A-S1");
        StatusFacts salesforceRefused = billed.withFailure(new Failure("salesforce", "TRADING_PARTNER_NOT_FOUND",
                "no such trading partner", false, 0, T0, false));
        assertThat(salesforceRefused.status()).isEqualTo(OrderStatus.Creating);
        assertThat(salesforceRefused.activeFailures()).extracting(Failure::code)
                .containsExactly("TRADING_PARTNER_NOT_FOUND");

        StatusFacts emailFailed = billed.withSalesforceRecords().withFailure(new Failure("notification", "smtp_550",
                "mailbox unavailable", false, 0, T0, false));
        assertThat(emailFailed.status()).isEqualTo(OrderStatus.Created);

        // An incident (Zuora could not confirm the subscription) before billing is known: never Failed.
        StatusFacts unconfirmed = StatusFacts.none().withFailure(new Failure("zuora", "outcome_unknown",
                "no answer", true, 0, T0, false));
        assertThat(unconfirmed.status()).isEqualTo(OrderStatus.Creating);
        assertThat(unconfirmed.activeFailures()).hasSize(1);
    }

    @Test
    void anIncidentIsOverOnceItsReDrivenStepSucceededWhileOtherFailuresStayUntilARetry() {
        Failure unconfirmed = new Failure("zuora", "outcome_unknown", "no answer", true, 0, T0, false);
        Failure salesforceDown = new Failure("salesforce", "deadline_passed", "503 until the deadline", true, 0, T0,
                false);
        Failure stageNotWritten = new Failure("salesforce", "stage_not_written", "503", true, 0, T0, false);
        Failure notActive = new Failure("zuora", "activation_overdue", "Pending Activation", true, 0, T0, false);
        Failure refused = new Failure("salesforce", "INVALID_FIELD", "bad trading partner", false, 0, T0, false);
        StatusFacts incidents = StatusFacts.none().withFailure(unconfirmed).withFailure(salesforceDown)
                .withFailure(stageNotWritten).withFailure(notActive).withFailure(refused);
        assertThat(incidents.activeFailures()).hasSize(5);

        // Re-driven (same attempt): Zuora's subscription and Salesforce's records now exist.
        StatusFacts redriven = incidents.withZuoraSubscription("A-S1").withSalesforceRecords();
        assertThat(redriven.activeFailures()).extracting(Failure::code)
                .containsExactly("stage_not_written", "activation_overdue", "INVALID_FIELD");
        assertThat(redriven.withLicenseSent().activeFailures()).extracting(Failure::code)
                .as("the license went out, so the subscription was active")
                .containsExactly("stage_not_written", "INVALID_FIELD");
    }

    @Test
    void aLateFailureOfAnEarlierAttemptDoesNotFailTheRetryWhateverItsClockSays() {
        StatusFacts retried = StatusFacts.none()
                .withFailure(new Failure("zuora", "50000000", "timeout", true, 0, T0, true))
                .withRetryRequested(T0.plusSeconds(60));
        // The first attempt's refusal arrives again after the retry, stamped by a clock running ahead.
        StatusFacts late = retried.withFailure(new Failure("zuora", "50000000", "timeout", true, 0,
                T0.plusSeconds(3600), true));
        assertThat(late.status()).isEqualTo(OrderStatus.Creating);
        assertThat(late.activeFailures()).isEmpty();
    }
}
