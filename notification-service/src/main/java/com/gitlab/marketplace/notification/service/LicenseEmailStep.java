package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepHandler;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.IncidentCodes;
import com.gitlab.marketplace.events.notification.LicenseNotificationFailed;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.notification.client.MailFailure;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import com.gitlab.marketplace.notification.repository.NotificationRepository;
import com.gitlab.marketplace.notification.repository.NotificationRepository.Email;
import com.gitlab.marketplace.notification.repository.NotificationRepository.License;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Issues the customer's license (once per order) and emails it (once per order), as a durable step due once
 * the order is known and its subscription is active.
 *
 * <p>Once, across retries, restarts and replicas. The first email of an order is one row, written as the
 * intent ({@code sending}) before SMTP is spoken to. A process sends it only under a claim with its owner (this
 * process) and a token; the result is recorded only with that token. Another process takes an email over only
 * when the claim expired ({@code notification-service.mail.claim-lease}), that is when its owner died.
 * <ul>
 *   <li>The server took the message: this process remembers it handed it over, and records "sent" until the
 *       database takes it. A database failure makes it try the record again, never the email.</li>
 *   <li>The message never reached the server (unreachable, no greeting, "try later" before the message): it is
 *       sent again later, within the step's deadline.</li>
 *   <li>The server refused it for good (5xx): failed, reported, never sent again by itself.</li>
 *   <li>The whole message was handed over and no answer came: it may have been delivered, so it is
 *       {@code unknown}, reported and never sent again by itself; an operator decides (retry or resend).</li>
 * </ul>
 * What remains: this process dies after the server took the message and before "sent" is recorded; once the
 * claim expires another process sends it again, with the same Message-ID, so that the copy is recognisable.
 */
@ApplicationScoped
public class LicenseEmailStep implements StepHandler {

    public static final String KIND = "notification.license-email";
    private static final Logger LOG = Logger.getLogger(LicenseEmailStep.class);
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);
    private static final Duration LONGEST_RECORD_PAUSE = Duration.ofSeconds(30);

    private final NotificationRepository store;
    private final LicenseIssuer issuer;
    private final LicenseMailer mailer;
    private final Pool pool;
    private final NotificationConfig config;
    private final String owner;
    /** Emails this process handed to the SMTP server whose "sent" is not recorded yet. */
    private final Set<UUID> handedOver = ConcurrentHashMap.newKeySet();
    private final Clock clock = Clock.systemUTC();

    public LicenseEmailStep(NotificationRepository store, LicenseIssuer issuer, LicenseMailer mailer, Pool pool,
            NotificationConfig config) {
        this.store = store;
        this.issuer = issuer;
        this.mailer = mailer;
        this.pool = pool;
        this.config = config;
        this.owner = "notification-service/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Duration deadline() {
        return config.mail().deadline();
    }

    @Override
    public StepResult run(Step step) {
        UUID orderId = step.orderId();
        OrderPlaced order = await(store.order(orderId)).orElseThrow(() -> new IllegalStateException(
                "order " + orderId + " has a license step but no details"));
        String subscriptionNumber = await(store.activation(pool, orderId)).orElseThrow(() -> new IllegalStateException(
                "order " + orderId + " has a license step but no active subscription"));
        License license = await(store.license(orderId)).orElseGet(() -> issue(order, subscriptionNumber));
        Email email = await(store.firstEmail(pool, orderId)).orElseGet(() -> await(store.intendEmail(UUID.randomUUID(),
                license, "first", firstMessageId(orderId), order.customer().contact().email(), clock.instant())));
        switch (email.state()) {
            case Email.SENT:
                return StepResult.done();
            case Email.FAILED:
                return StepResult.failed("the mail server refused the license email");
            case Email.UNKNOWN:
                return StepResult.failed("the license email may have been delivered; an operator decides");
            default:
                return send(step, order, license, email);
        }
    }

    private StepResult send(Step step, OrderPlaced order, License license, Email email) {
        Optional<UUID> claim = await(store.claim(email.emailId(), owner, clock.instant(), config.mail().claimLease()));
        if (claim.isEmpty()) {
            return StepResult.retryIn(config.mail().claimLease(), "another process is sending it");
        }
        UUID token = claim.get();
        if (!handedOver.contains(email.emailId())) {
            try {
                mailer.send(letter(email, order, license));
            } catch (MailFailure.NotHandedOver | MailFailure.Refused failure) {
                if (failure instanceof MailFailure.Refused refused && refused.permanent()) {
                    record(step, email, token, Email.FAILED, failure, false);
                    return StepResult.failed(failure.code() + " " + failure.getMessage());
                }
                await(store.release(email.emailId(), token));
                throw failure; // nothing reached the server: sent again after the backoff
            } catch (MailFailure.OutcomeUnknown unknown) {
                record(step, email, token, Email.UNKNOWN, unknown, true);
                return StepResult.failed(unknown.getMessage());
            }
            handedOver.add(email.emailId());
        }
        recordSent(step, email, token, order, license);
        handedOver.remove(email.emailId());
        return StepResult.done();
    }

    /**
     * The server took the email: records it, trying the database again as long as it takes. Leaving this method
     * before the record is written would let the email be sent once more.
     */
    private void recordSent(Step step, Email email, UUID token, OrderPlaced order, License license) {
        for (int tries = 1; ; tries++) {
            Instant now = clock.instant();
            try {
                boolean held = await(pool.withTransaction(tx -> store.finish(tx, email.emailId(), token, Email.SENT, null,
                        null, now).call(stillHeld -> !stillHeld ? Uni.createFrom().voidItem()
                        : OutboxWriter.append(tx, new LicenseNotificationSent(order.orderId(),
                                license.subscriptionNumber(), license.licenseId().toString(), email.recipient(), now), now))));
                if (held) {
                    LOG.infof("order %s: license %s emailed to the customer contact (%s)", order.orderId(),
                            license.licenseId(), email.messageId());
                } else {
                    LOG.errorf("order %s: the license email %s was sent, but its claim expired meanwhile; another "
                            + "process may send it again", order.orderId(), email.messageId());
                }
                return;
            } catch (RuntimeException e) {
                long pause = Math.min(LONGEST_RECORD_PAUSE.toMillis(), 500L << Math.min(tries, 6));
                LOG.errorf("order %s: the license email %s was sent but cannot be recorded yet (%s); trying the record "
                        + "again in %d ms, never the email", order.orderId(), email.messageId(), e.getMessage(), pause);
                sleep(pause);
            }
        }
    }

    private void record(Step step, Email email, UUID token, String state, MailFailure failure, boolean retryable) {
        Instant now = clock.instant();
        await(pool.withTransaction(tx -> store.finish(tx, email.emailId(), token, state, failure.code(),
                failure.getMessage(), now).call(held -> !held ? Uni.createFrom().voidItem()
                : OutboxWriter.append(tx, new LicenseNotificationFailed(step.orderId(), step.attempt(), retryable,
                        FailureSource.NOTIFICATION, failure.code(), failure.getMessage(), now), now))));
        LOG.warnf("order %s: the license email %s: %s %s", step.orderId(), email.messageId(), failure.code(),
                failure.getMessage());
    }

    @Override
    public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        Instant now = clock.instant();
        return OutboxWriter.append(tx, new LicenseNotificationFailed(step.orderId(), step.attempt(), true,
                FailureSource.NOTIFICATION, IncidentCodes.DEADLINE_PASSED, "the license email could not be handed to the mail "
                + "server within " + config.mail().deadline() + ": " + lastError, now), now);
    }

    private License issue(OrderPlaced order, String subscriptionNumber) {
        Instant now = clock.instant();
        LicenseIssuer.IssuedLicense issued = issuer.issue(order, subscriptionNumber, LocalDate.ofInstant(now,
                ZoneOffset.UTC));
        License license = await(store.saveLicense(order.orderId(), issued.licenseId(), issued.keyId(),
                subscriptionNumber, issued.activationCode(), issued.attributes(), issued.file(), now));
        LOG.infof("order %s: license %s issued with key %s", order.orderId(), license.licenseId(), license.keyId());
        return license;
    }

    String firstMessageId(UUID orderId) {
        return "<license-" + orderId + "@" + config.mail().messageIdDomain() + ">";
    }

    static LicenseMailer.LicenseEmail letter(Email email, OrderPlaced order, License license) {
        return new LicenseMailer.LicenseEmail(email.messageId(), order, license.subscriptionNumber(),
                order.basePlan().licensePlan(), license.activationCode(), license.file());
    }

    private static <T> T await(Uni<T> work) {
        return work.await().atMost(DATABASE_WAIT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording a sent email", e);
        }
    }
}
