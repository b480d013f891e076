package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.durable.steps.NewStep;
import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRedriveRequested;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionActivated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import com.gitlab.marketplace.notification.repository.NotificationRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns order and zuora events into the service's durable work, in the consumer's transaction: the order's
 * details are kept (event-carried state), and once the order is known and its subscription active, whichever
 * event comes second records the license step; each change Zuora made records a change-email step. An operator's retry sends again an email that failed or whose
 * outcome was unknown (same Message-ID). Nothing here speaks SMTP.
 */
@ApplicationScoped
public class NotificationIntake {

    private static final Logger LOG = Logger.getLogger(NotificationIntake.class);

    private final NotificationRepository store;
    private final DurableSteps steps;
    private final NotificationConfig.Mail config;

    public NotificationIntake(NotificationRepository store, DurableSteps steps, NotificationConfig config) {
        this.store = store;
        this.steps = steps;
        this.config = config.mail();
    }

    public Uni<Void> apply(SqlClient tx, ReceivedEvent event, Instant now) {
        Object payload = event.payload();
        if (payload instanceof OrderPlaced placed) {
            return orderPlaced(tx, placed, now);
        }
        if (payload instanceof ZuoraSubscriptionActivated activated) {
            return subscriptionActivated(tx, activated, now);
        }
        if (payload instanceof ZuoraSubscriptionChanged changed) {
            // One email per change: the step is the change's, and a redelivered event finds it recorded.
            return steps.record(tx, new NewStep(ChangeEmailStep.KIND, changed.changeId().toString(), changed.orderId(),
                    0, EventJson.serializeToString(changed), now, now.plus(config.deadline()))).replaceWithVoid();
        }
        if (payload instanceof OrderRedriveRequested redrive) {
            return steps.redrive(tx, redrive.orderId(), redrive.requestedBy(), redrive.reason()).replaceWithVoid();
        }
        if (payload instanceof OrderRetryRequested retry) {
            return retryRequested(tx, retry, now);
        }
        return nothing();
    }

    /** The order and its activation arrive on different topics, in either order: the later one makes the license due. */
    private Uni<Void> orderPlaced(SqlClient tx, OrderPlaced placed, Instant now) {
        return store.saveOrder(tx, placed, now)
                .flatMap(isNew -> isNew ? licenseDueIfActivated(tx, placed.orderId(), now) : nothing());
    }

    private Uni<Void> subscriptionActivated(SqlClient tx, ZuoraSubscriptionActivated activated, Instant now) {
        return store.saveActivation(tx, activated.orderId(), activated.subscriptionNumber(), now)
                .flatMap(isNew -> isNew ? licenseDueIfOrderKnown(tx, activated.orderId(), now) : nothing());
    }

    /** A new order's license, of its first attempt (0). */
    private Uni<Void> licenseDueIfActivated(SqlClient tx, UUID orderId, Instant now) {
        return store.activation(tx, orderId)
                .flatMap(active -> active.isPresent() ? licenseDue(tx, orderId, 0, now) : nothing());
    }

    private Uni<Void> licenseDueIfOrderKnown(SqlClient tx, UUID orderId, Instant now) {
        return store.order(tx, orderId).flatMap(order -> order.isEmpty() ? nothing()
                : store.attempt(tx, orderId).flatMap(attempt -> licenseDue(tx, orderId, attempt, now)));
    }

    /** An operator's retry: the order's new attempt, and its license again once the subscription is active. */
    private Uni<Void> retryRequested(SqlClient tx, OrderRetryRequested retry, Instant now) {
        return store.retryRequested(tx, retry.order(), retry.attempt(), now)
                .flatMap(saved -> store.retryEmail(tx, retry.orderId()))
                .flatMap(emailAgain -> store.activation(tx, retry.orderId()).flatMap(active -> active.isPresent()
                        ? licenseAgain(tx, retry, emailAgain, now)
                        : nothing())); // its license waits for the subscription as before
    }

    /** The license step of the retried attempt: the one that exists reopened, or a new one. */
    private Uni<Void> licenseAgain(SqlClient tx, OrderRetryRequested retry, boolean emailAgain, Instant now) {
        if (emailAgain) {
            LOG.infof("order %s retry %d by %s: the license email is sent again", retry.orderId(), retry.attempt(),
                    retry.requestedBy());
        }
        return steps.reopen(tx, LicenseEmailStep.KIND, retry.orderId().toString(), retry.attempt(), now,
                        now.plus(config.deadline()))
                .flatMap(reopened -> reopened ? nothing() : licenseDue(tx, retry.orderId(), retry.attempt(), now));
    }

    private static Uni<Void> nothing() {
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> licenseDue(SqlClient tx, UUID orderId, int attempt, Instant now) {
        return steps.record(tx, NewStep.forOrder(LicenseEmailStep.KIND, orderId, attempt, null, now,
                now.plus(config.deadline()))).replaceWithVoid();
    }
}
