package com.gitlab.marketplace.order.webhook;

import com.gitlab.marketplace.durable.steps.NewStep;
import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepHandler;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.order.config.OrderApiConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Delivers a stream's webhook events in order (API.md §2.7): one durable step per stream (a subscription, or a
 * ping), which sends the stream's first undelivered event and moves on only once it is delivered or given up, so a
 * later event never overtakes an earlier one. A failed attempt is retried after the configured schedule (over more
 * than 24 h, the endpoint's {@code Retry-After} honoured), kept in the delivery row, not in a thread; a 410 disables
 * the endpoint, and so does failing for longer than {@code disable-after-failing-for}.
 * <p>
 * Nothing a partner's endpoint does reaches anything else: an attempt takes at most the timeout, on a worker of the
 * steps' bounded pool (never a consumer or request thread), and at most {@code concurrency-per-endpoint} attempts to
 * one endpoint run at once on a replica, so a hanging endpoint holds a few workers and other partners' deliveries
 * take the rest.
 */
@ApplicationScoped
public class DeliverWebhooksStep implements StepHandler {

    public static final String KIND = "webhook.deliver";
    private static final Logger LOG = Logger.getLogger(DeliverWebhooksStep.class);
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);
    private static final Duration BUSY_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_BUSY_WAIT = Duration.ofMinutes(5);
    private static final Duration LONGEST_TRY = Duration.ofSeconds(2);

    private final WebhookRepository webhooks;
    private final WebhookAddresses addresses;
    private final WebhookSender sender;
    private final WebhookMetrics metrics;
    private final OrderApiConfig.Webhooks config;
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    /** Each endpoint's recent attempt time in milliseconds (a moving average), for {@link #busyWait}. */
    private final Map<String, Double> attemptMillis = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    /** The schedule's longest wait: the cap on a Retry-After, and half the gap that ends a failing spell. */
    private final Duration longestWait;
    private final Duration deadline;

    public DeliverWebhooksStep(WebhookRepository webhooks, WebhookAddresses addresses, WebhookSender sender,
            WebhookMetrics metrics, OrderApiConfig config) {
        this.webhooks = webhooks;
        this.addresses = addresses;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config.webhooks();
        this.longestWait = this.config.retrySchedule().stream().max(Duration::compareTo).orElseThrow(() ->
                new IllegalArgumentException("order-api.webhooks.retry-schedule needs at least one wait"));
        Duration schedule = this.config.retrySchedule().stream().reduce(Duration.ZERO, Duration::plus);
        this.deadline = this.config.disableAfterFailingFor().plus(schedule).plusDays(1);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * Longer than any stream takes: an endpoint failing for long is disabled (its deliveries then end at once), so
     * a stream ends within that time plus one delivery's whole schedule.
     */
    @Override
    public Duration deadline() {
        return deadline;
    }

    /** The step that delivers a stream's events, due now. */
    NewStep stepFor(UUID stream, Instant now) {
        return new NewStep(KIND, stream.toString(), stream, 0, null, now, now.plus(deadline));
    }

    @Override
    public StepResult run(Step step) {
        UUID stream = UUID.fromString(step.subject());
        WebhookDelivery head = await(webhooks.head(stream)).orElse(null);
        if (head == null) {
            return StepResult.done();
        }
        WebhookEndpoint endpoint = await(webhooks.endpoint(head.partnerId())).orElse(null);
        Semaphore gate = inFlight.computeIfAbsent(head.partnerId(),
                partner -> new Semaphore(config.concurrencyPerEndpoint()));
        // An endpoint that is failing gets one attempt at a time: a hanging one then holds a single worker.
        int allowed = endpoint != null && endpoint.failingSince() != null ? 1 : config.concurrencyPerEndpoint();
        if (config.concurrencyPerEndpoint() - gate.availablePermits() >= allowed || !gate.tryAcquire()) {
            return StepResult.retryIn(busyWait(head.partnerId(), allowed), "the endpoint already has " + allowed
                    + " deliveries in flight");
        }
        try {
            // The stream's events one after the other in this try while they go through (for a short while, so
            // the try's heartbeat never lags): a subscription's burst of events costs one step run, not one each.
            long started = System.nanoTime();
            while (head != null && System.nanoTime() - started < LONGEST_TRY.toNanos()) {
                Instant now = clock.instant();
                if (head.nextAttemptAt() != null && head.nextAttemptAt().isAfter(now)) {
                    return StepResult.retryIn(Duration.between(now, head.nextAttemptAt()), "delivery "
                            + head.deliveryId() + " is retried at " + head.nextAttemptAt());
                }
                if (endpoint == null || !endpoint.enabled()) {
                    await(webhooks.giveUp(head.deliveryId(), endpoint == null ? "the endpoint was deleted"
                            : "the endpoint is disabled: " + endpoint.disabledReason(), now));
                } else {
                    StepResult waiting = attempt(endpoint, head);
                    if (waiting != null) {
                        return waiting;
                    }
                }
                head = await(webhooks.head(stream)).orElse(null);
            }
        } finally {
            gate.release();
        }
        return head == null ? StepResult.done() : StepResult.retryIn(Duration.ZERO, "the stream's next events");
    }

    /** One attempt of {@code delivery}; null when it is settled (delivered or given up), else when to try again. */
    private StepResult attempt(WebhookEndpoint endpoint, WebhookDelivery delivery) {
        Instant now = clock.instant();
        WebhookSender.Answer answer;
        try {
            WebhookAddresses.Target target = addresses.resolve(endpoint.url());
            long timestamp = now.getEpochSecond();
            answer = sender.send(target, delivery.deliveryId().toString(), timestamp,
                    WebhookSignature.header(endpoint.signingSecrets(now), delivery.deliveryId().toString(), timestamp,
                            delivery.body()), delivery.body());
        } catch (WebhookAddresses.Refused refused) {
            metrics.attempt("refused");
            answer = new WebhookSender.Answer(null, null, "not sent: the URL " + refused.getMessage());
        }
        Instant done = clock.instant();
        double took = Duration.between(now, done).toMillis();
        attemptMillis.merge(endpoint.partnerId(), took, (average, latest) -> average * 0.8 + latest * 0.2);
        if (answer.delivered()) {
            metrics.attempt("delivered");
            await(webhooks.attempted(delivery, WebhookDelivery.State.delivered, answer.statusCode(), null,
                    null, done));
            await(webhooks.answered(endpoint.partnerId()));
            LOG.debugf("webhook %s (%s) delivered to partner %s: %d", delivery.deliveryId(), delivery.type(),
                    endpoint.partnerId(), answer.statusCode());
            return null;
        }
        String error = answer.error() != null ? answer.error() : "HTTP " + answer.statusCode()
                + (answer.statusCode() >= 300 && answer.statusCode() < 400 ? " (redirects are not followed)" : "");
        if (answer.statusCode() != null && answer.statusCode() == 410) {
            metrics.attempt("failed");
            await(webhooks.attempted(delivery, WebhookDelivery.State.failed, 410, error, null, done));
            disable(endpoint, "gone", "the endpoint answered 410 Gone", done);
            return null;
        }
        int retries = delivery.retriesSoFar();
        if (retries >= config.retrySchedule().size()) {
            metrics.attempt("failed");
            await(webhooks.attempted(delivery, WebhookDelivery.State.failed, answer.statusCode(), error,
                    null, done));
            LOG.warnf("webhook %s (%s) to partner %s given up after %d attempts: %s", delivery.deliveryId(),
                    delivery.type(), endpoint.partnerId(), delivery.attempts() + 1, error);
            failing(endpoint, done);
            return null;
        }
        Duration wait = nextWait(retries, answer.retryAfter());
        metrics.attempt("retrying");
        await(webhooks.attempted(delivery, WebhookDelivery.State.pending, answer.statusCode(), error,
                done.plus(wait), done));
        LOG.infof("webhook %s (%s) to partner %s: attempt %d failed (%s); next in %s", delivery.deliveryId(),
                delivery.type(), endpoint.partnerId(), delivery.attempts() + 1, error, wait);
        if (failing(endpoint, done)) {
            return null;
        }
        return StepResult.retryIn(wait, "delivery " + delivery.deliveryId() + " failed: " + error);
    }

    /**
     * How long a stream waits for a free slot at its endpoint: about as long as the endpoint's due events take to go
     * through its slots at its recent attempt time (a hanging endpoint with hundreds of waiting subscriptions is then
     * asked a few times a second, not hundreds; a fast one soon), spread at random, from a second to five minutes.
     */
    private Duration busyWait(String partnerId, int slots) {
        long due = await(webhooks.duePending(partnerId, clock.instant()));
        long millis = (long) (attemptMillis.getOrDefault(partnerId, (double) BUSY_WAIT.toMillis()) * due / slots);
        millis = Math.max(BUSY_WAIT.toMillis(), Math.min(LONGEST_BUSY_WAIT.toMillis(), millis));
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    /** The schedule's wait with up to 10 % jitter, or the endpoint's Retry-After if longer (up to the longest wait). */
    Duration nextWait(int retries, Duration retryAfter) {
        Duration scheduled = config.retrySchedule().get(retries);
        Duration wait = scheduled.plusMillis(ThreadLocalRandom.current().nextLong(scheduled.toMillis() / 10 + 1));
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter.compareTo(longestWait) > 0 ? longestWait : retryAfter;
        }
        return wait;
    }

    /** Notes the endpoint failing; disables it once it has failed for too long. Answers whether it was disabled. */
    private boolean failing(WebhookEndpoint endpoint, Instant now) {
        // Failures further apart than twice the longest retry wait are not one failing spell.
        Duration longestGap = longestWait.multipliedBy(2);
        Instant since = await(webhooks.failing(endpoint.partnerId(), now, longestGap)).orElse(now);
        if (Duration.between(since, now).compareTo(config.disableAfterFailingFor()) < 0) {
            return false;
        }
        disable(endpoint, "failing", "every delivery failed since " + since, now);
        return true;
    }

    private void disable(WebhookEndpoint endpoint, String reason, String why, Instant now) {
        if (await(webhooks.disable(endpoint.partnerId(), why, now))) {
            metrics.disabled(reason);
            LOG.errorf("webhook endpoint of partner %s disabled (%s); its pending events are given up. The partner "
                    + "sets the endpoint again to enable it", endpoint.partnerId(), why);
        }
    }

    private static <T> T await(Uni<T> work) {
        return work.await().atMost(DATABASE_WAIT);
    }
}
