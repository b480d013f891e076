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
            return store.saveOrder(tx, placed, now).flatMap(isNew -> !isNew ? Uni.createFrom().voidItem()
                    : store.activation(tx, placed.orderId()).flatMap(active -> active.isEmpty()
                            ? Uni.createFrom().voidItem() : licenseDue(tx, placed.orderId(), 0, now)));
        }
        if (payload instanceof ZuoraSubscriptionActivated activated) {
            return store.saveActivation(tx, activated.orderId(), activated.subscriptionNumber(), now)
                    .flatMap(isNew -> !isNew ? Uni.createFrom().voidItem()
                            : store.order(tx, activated.orderId()).flatMap(order -> order.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : store.attempt(tx, activated.orderId())
                                            .flatMap(attempt -> licenseDue(tx, activated.orderId(), attempt, now))));
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
            return store.retryRequested(tx, retry.order(), retry.attempt(), now)
                    .flatMap(saved -> store.retryEmail(tx, retry.orderId()))
                    .flatMap(emailAgain -> store.activation(tx, retry.orderId()).flatMap(active -> {
                        if (active.isEmpty()) {
                            return Uni.createFrom().voidItem(); // its license waits for the subscription as before
                        }
                        if (emailAgain) {
                            LOG.infof("order %s retry %d by %s: the license email is sent again", retry.orderId(),
                                    retry.attempt(), retry.requestedBy());
                        }
                        return steps.reopen(tx, LicenseEmailStep.KIND, retry.orderId().toString(), retry.attempt(), now,
                                        now.plus(config.deadline()))
                                .flatMap(reopened -> reopened ? Uni.createFrom().voidItem()
                                        : licenseDue(tx, retry.orderId(), retry.attempt(), now));
                    }));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> licenseDue(SqlClient tx, UUID orderId, int attempt, Instant now) {
        return steps.record(tx, NewStep.forOrder(LicenseEmailStep.KIND, orderId, attempt, null, now,
                now.plus(config.deadline()))).replaceWithVoid();
    }
}
