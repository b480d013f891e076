package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.events.notification.LicenseNotificationFailed;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.notification.client.MailFailure;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import com.gitlab.marketplace.notification.repository.NotificationRepository;
import com.gitlab.marketplace.notification.repository.NotificationRepository.Email;
import com.gitlab.marketplace.notification.repository.NotificationRepository.License;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Issues the customer's license (once per order) and emails it (once per order, by {@link EmailDelivery}), as a
 * durable step due once the order is known and its subscription is active.
 */
@Singleton
public class LicenseEmailStep extends CustomerEmailStep {

    public static final String KIND = "notification.license-email";
    private static final Logger LOG = Logger.getLogger(LicenseEmailStep.class);


    public LicenseEmailStep(NotificationRepository store, LicenseIssuer issuer, LicenseMailer mailer,
            EmailDelivery delivery, Pool pool, NotificationConfig config) {
        super(store, issuer, mailer, delivery, pool, config);
    }

    @Override
    public String kind() {
        return KIND;
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
        return delivery.deliver(step, email, () -> mailer.send(letter(email, order, license)),
                new EmailDelivery.Outcomes() {
                    @Override
                    public MarketplaceEvent sent(Instant at) {
                        return new LicenseNotificationSent(order.orderId(), license.subscriptionNumber(),
                                license.licenseId().toString(), email.recipient(), at);
                    }

                    @Override
                    public MarketplaceEvent failed(MailFailure failure, boolean retryable, Instant at) {
                        return new LicenseNotificationFailed(step.orderId(), step.attempt(), retryable,
                                FailureSource.NOTIFICATION, failure.code(), failure.getMessage(), at);
                    }
                });
    }

    @Override
    public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        return notHandedOverInTime(tx, step.orderId(), step.attempt(), "the license email", lastError);
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
                order.basePlan().licensePlan(), license.activationCode(), license.file(), false);
    }
}
