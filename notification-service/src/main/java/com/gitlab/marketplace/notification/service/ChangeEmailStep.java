package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.events.notification.LicenseNotificationFailed;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.notification.client.MailFailure;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import com.gitlab.marketplace.notification.repository.NotificationRepository;
import com.gitlab.marketplace.notification.repository.NotificationRepository.Email;
import com.gitlab.marketplace.notification.repository.NotificationRepository.License;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Tells the customer of a change Zuora made (API.md §2.6): a new license with the subscription's lines and term as
 * they now are for more seats, a new add-on or a renewal; a confirmation for a cancellation. One email per change
 * across retries, restarts and replicas ({@link EmailDelivery}), with a Message-ID made from the change.
 */
@Singleton
public class ChangeEmailStep extends CustomerEmailStep {

    public static final String KIND = "notification.change-email";
    private static final Logger LOG = Logger.getLogger(ChangeEmailStep.class);


    public ChangeEmailStep(NotificationRepository store, LicenseIssuer issuer, LicenseMailer mailer,
            EmailDelivery delivery, Pool pool, NotificationConfig config) {
        super(store, issuer, mailer, delivery, pool, config);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public StepResult run(Step step) {
        ZuoraSubscriptionChanged change = change(step);
        OrderPlaced order = await(store.order(change.orderId())).orElse(null);
        if (order == null) {
            return StepResult.retryIn(Duration.ofSeconds(5), "the order's details have not arrived yet");
        }
        boolean cancel = SubscriptionChangeRequested.CANCEL.equals(change.action());
        License license = cancel ? null
                : await(store.changeLicense(change.changeId())).orElseGet(() -> issue(order, change));
        Email email = await(store.changeEmail(change.changeId())).orElseGet(() -> await(store.intendChangeEmail(
                order.orderId(), change.changeId(), license, messageId(change), order.customer().contact().email(),
                clock.instant())));
        Runnable handOver = cancel
                ? () -> mailer.send(new LicenseMailer.CancellationEmail(email.messageId(), order,
                        change.subscriptionNumber(), change.termEndDate()))
                : () -> mailer.send(new LicenseMailer.LicenseEmail(email.messageId(), order,
                        license.subscriptionNumber(), OrderLine.basePlan(change.orderLines()).licensePlan(),
                        license.activationCode(), license.file(), true));
        return delivery.deliver(step, email, handOver, new EmailDelivery.Outcomes() {
            @Override
            public MarketplaceEvent sent(Instant at) {
                return new LicenseNotificationSent(change.orderId(), change.subscriptionNumber(),
                        license == null ? null : license.licenseId().toString(), email.recipient(), at);
            }

            @Override
            public MarketplaceEvent failed(MailFailure failure, boolean retryable, Instant at) {
                // With the order's current attempt, so that the order lists it until an operator's retry; read
                // only now, as most sends never fail.
                int attempt = await(store.attempt(pool, change.orderId()));
                return new LicenseNotificationFailed(change.orderId(), attempt, retryable,
                        FailureSource.NOTIFICATION, failure.code(), failure.getMessage(), at);
            }
        });
    }

    @Override
    public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        return store.attempt(tx, step.orderId()).flatMap(attempt -> notHandedOverInTime(tx, step.orderId(), attempt,
                "the email of change " + step.subject(), lastError));
    }

    private License issue(OrderPlaced order, ZuoraSubscriptionChanged change) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LicenseIssuer.IssuedLicense issued = issuer.issue(order, change.orderLines(), change.subscriptionNumber(),
                today, change.termEndDate() != null ? change.termEndDate()
                        : today.plusMonths(OrderLine.basePlan(change.orderLines()).termMonths()));
        License license = await(store.saveChangeLicense(order.orderId(), change.changeId(), issued.licenseId(),
                issued.keyId(), change.subscriptionNumber(), issued.activationCode(), issued.attributes(), issued.file(),
                now));
        LOG.infof("order %s: license %s issued for change %s (%s) with key %s", order.orderId(), license.licenseId(),
                change.changeId(), change.action(), license.keyId());
        return license;
    }

    private String messageId(ZuoraSubscriptionChanged change) {
        return "<change-" + change.changeId() + "@" + config.mail().messageIdDomain() + ">";
    }

    private static ZuoraSubscriptionChanged change(Step step) {
        return EventJson.deserialize(EventType.ZUORA_SUBSCRIPTION_CHANGED, step.payload().getBytes(StandardCharsets.UTF_8));
    }
}
