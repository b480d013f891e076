package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.durable.steps.StepHandler;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.IncidentCodes;
import com.gitlab.marketplace.events.notification.LicenseNotificationFailed;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import com.gitlab.marketplace.notification.repository.NotificationRepository;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What the steps that email a customer share: the license store and issuer, the mailer, the once-only
 * {@link EmailDelivery}, the mail deadline, and the incident when an email was not handed over by then. Its
 * subclasses are {@code @Singleton}s: a client proxy (of {@code @ApplicationScoped}) would need a no-args
 * constructor here, and the steps hold no state a proxy would help with.
 */
abstract class CustomerEmailStep implements StepHandler {

    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);

    protected final NotificationRepository store;
    protected final LicenseIssuer issuer;
    protected final LicenseMailer mailer;
    protected final EmailDelivery delivery;
    protected final Pool pool;
    protected final NotificationConfig config;
    protected final Clock clock = Clock.systemUTC();

    protected CustomerEmailStep(NotificationRepository store, LicenseIssuer issuer, LicenseMailer mailer,
            EmailDelivery delivery, Pool pool, NotificationConfig config) {
        this.store = store;
        this.issuer = issuer;
        this.mailer = mailer;
        this.delivery = delivery;
        this.pool = pool;
        this.config = config;
    }

    @Override
    public Duration deadline() {
        return config.mail().deadline();
    }

    /** Records, in {@code tx}, that {@code what} was not handed to the mail server within the deadline. */
    protected Uni<Void> notHandedOverInTime(SqlClient tx, UUID orderId, int attempt, String what, String lastError) {
        Instant now = clock.instant();
        return OutboxWriter.append(tx, new LicenseNotificationFailed(orderId, attempt, true, FailureSource.NOTIFICATION,
                IncidentCodes.DEADLINE_PASSED, what + " could not be handed to the mail server within "
                + config.mail().deadline() + ": " + lastError, now), now);
    }

    /** Steps run on worker threads, where waiting for the database is allowed. */
    protected static <T> T await(Uni<T> work) {
        return work.await().atMost(DATABASE_WAIT);
    }
}
