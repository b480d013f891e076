package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.notification.client.MailFailure;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import com.gitlab.marketplace.notification.repository.NotificationRepository;
import com.gitlab.marketplace.notification.repository.NotificationRepository.Email;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Sends one email row at most once, across retries, restarts and replicas. The row was written as the intent
 * ({@code sending}) before SMTP is spoken to. A process sends it only under a claim with its owner (this process)
 * and a token; the result is recorded only with that token. Another process takes an email over only when the
 * claim expired ({@code notification-service.mail.claim-lease}), that is when its owner died.
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
public class EmailDelivery {

    private static final Logger LOG = Logger.getLogger(EmailDelivery.class);
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);
    private static final Duration LONGEST_RECORD_PAUSE = Duration.ofSeconds(30);

    /**
     * What the platform is told of a send's result, made at the time it is recorded. {@code failed} is called on
     * the step's worker thread, so it may wait on the database.
     */
    public interface Outcomes {

        MarketplaceEvent sent(Instant at);

        MarketplaceEvent failed(MailFailure failure, boolean retryable, Instant at);
    }

    private final NotificationRepository store;
    private final Pool pool;
    private final NotificationConfig config;
    private final String owner;
    /** Emails this process handed to the SMTP server whose "sent" is not recorded yet. */
    private final Set<UUID> handedOver = ConcurrentHashMap.newKeySet();
    private final Clock clock = Clock.systemUTC();

    public EmailDelivery(NotificationRepository store, Pool pool, NotificationConfig config) {
        this.store = store;
        this.pool = pool;
        this.config = config;
        this.owner = "notification-service/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
    }

    /**
     * Sends {@code email} by {@code handOver} (one SMTP try, throwing {@link MailFailure}) unless its row says it
     * was settled, and records the result with its event.
     */
    public StepResult deliver(Step step, Email email, Runnable handOver, Outcomes outcomes) {
        return switch (email.state()) {
            case SENT -> StepResult.done();
            case FAILED -> StepResult.failed("the mail server refused the email " + email.messageId());
            case UNKNOWN -> StepResult.failed("the email " + email.messageId() + " may have been delivered; an operator "
                    + "decides");
            case SENDING -> send(step, email, handOver, outcomes);
        };
    }

    private StepResult send(Step step, Email email, Runnable handOver, Outcomes outcomes) {
        Optional<UUID> claim = await(store.claim(email.emailId(), owner, clock.instant(), config.mail().claimLease()));
        if (claim.isEmpty()) {
            return StepResult.retryIn(config.mail().claimLease(), "another process is sending it");
        }
        UUID token = claim.get();
        if (!handedOver.contains(email.emailId())) {
            try {
                handOver.run();
            } catch (MailFailure.NotHandedOver | MailFailure.Refused failure) {
                if (failure instanceof MailFailure.Refused refused && refused.permanent()) {
                    record(step, email, token, Email.State.FAILED, failure, false, outcomes);
                    return StepResult.failed(failure.code() + " " + failure.getMessage());
                }
                await(store.release(email.emailId(), token));
                throw failure; // nothing reached the server: sent again after the backoff
            } catch (MailFailure.OutcomeUnknown unknown) {
                record(step, email, token, Email.State.UNKNOWN, unknown, true, outcomes);
                return StepResult.failed(unknown.getMessage());
            }
            handedOver.add(email.emailId());
        }
        recordSent(step, email, token, outcomes::sent);
        handedOver.remove(email.emailId());
        return StepResult.done();
    }

    /**
     * The server took the email: records it, trying the database again as long as it takes. Leaving this method
     * before the record is written would let the email be sent once more.
     */
    private void recordSent(Step step, Email email, UUID token, Function<Instant, MarketplaceEvent> sent) {
        for (int tries = 1; ; tries++) {
            Instant now = clock.instant();
            try {
                boolean held = await(pool.withTransaction(tx -> store.finish(tx, email.emailId(), token, Email.State.SENT, null,
                        null, now).call(stillHeld -> !stillHeld ? Uni.createFrom().voidItem()
                        : OutboxWriter.append(tx, sent.apply(now), now))));
                if (held) {
                    LOG.infof("order %s: email %s handed to the mail server for the customer contact", step.orderId(),
                            email.messageId());
                } else {
                    LOG.errorf("order %s: the email %s was sent, but its claim expired meanwhile; another process may "
                            + "send it again", step.orderId(), email.messageId());
                }
                return;
            } catch (RuntimeException e) {
                long pause = Math.min(LONGEST_RECORD_PAUSE.toMillis(), 500L << Math.min(tries, 6));
                LOG.errorf("order %s: the email %s was sent but cannot be recorded yet (%s); trying the record again "
                        + "in %d ms, never the email", step.orderId(), email.messageId(), e.getMessage(), pause);
                sleep(pause);
            }
        }
    }

    private void record(Step step, Email email, UUID token, Email.State state, MailFailure failure, boolean retryable,
            Outcomes outcomes) {
        Instant now = clock.instant();
        // Made before the transaction: an outcome may read what it reports (here, on a worker thread).
        MarketplaceEvent failed = outcomes.failed(failure, retryable, now);
        await(pool.withTransaction(tx -> store.finish(tx, email.emailId(), token, state, failure.code(),
                failure.getMessage(), now).call(held -> !held ? Uni.createFrom().voidItem()
                : OutboxWriter.append(tx, failed, now))));
        LOG.warnf("order %s: the email %s: %s %s", step.orderId(), email.messageId(), failure.code(),
                failure.getMessage());
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
