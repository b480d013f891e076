package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.event.consumer.RetryLaterException;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.notification.LicenseNotificationFailed;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import com.gitlab.marketplace.notification.repository.NotificationRepository;
import com.gitlab.marketplace.notification.repository.NotificationRepository.Email;
import com.gitlab.marketplace.notification.repository.NotificationRepository.License;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Issues the customer's license when Zuora says the subscription is active, and emails it exactly once.
 *
 * <p>Exactly once, across redeliveries, restarts and crashes: one license per order (unique); the first
 * email of an order is one row, written as the intent ({@code sending}, claimed for a lease) before SMTP is
 * spoken to and marked {@code sent} with its event in one transaction after SMTP accepted it. A row found
 * {@code sent} or {@code failed} ends the matter. A row found {@code sending} under a live claim is being
 * sent elsewhere: the event is retried later. One whose claim expired was left by a process that died
 * while sending: it is sent again, with the same Message-ID, so that a copy that did go out is
 * recognisable downstream. That is the remaining window: between the SMTP server's acceptance and our
 * commit (milliseconds), a crash makes a second, identical-Message-ID copy; never sending would be worse.
 */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);
    /** Longer than a send with all its retries may take. */
    private static final Duration SEND_LEASE = Duration.ofMinutes(2);
    private static final String ACTIVE = "Active";

    private final NotificationRepository store;
    private final LicenseIssuer issuer;
    private final LicenseMailer mailer;
    private final Pool pool;
    private final NotificationConfig config;
    private final Clock clock = Clock.systemUTC();

    public NotificationService(NotificationRepository store, LicenseIssuer issuer, LicenseMailer mailer, Pool pool,
            NotificationConfig config) {
        this.store = store;
        this.issuer = issuer;
        this.mailer = mailer;
        this.pool = pool;
        this.config = config;
    }

    /** Keeps what the license needs; provisions at once if the callout came first. */
    public Uni<Void> orderPlaced(OrderPlaced order) {
        return store.saveOrder(order, clock.instant())
                .flatMap(saved -> store.pendingCallout(order.orderId()))
                .flatMap(pending -> pending.isEmpty() ? Uni.createFrom().voidItem() : provision(order, pending.get()));
    }

    /** An operator retry: a license email that failed is tried again (same Message-ID: it never went out). */
    public Uni<Void> retryRequested(OrderPlaced order, int attempt) {
        return store.retryRequested(order, attempt, clock.instant())
                .flatMap(saved -> store.firstEmail(order.orderId()))
                .flatMap(email -> email.isEmpty() || !"failed".equals(email.get().state()) ? Uni.createFrom().voidItem()
                        : store.retryEmail(email.get().emailId()).flatMap(reset -> store.license(order.orderId()))
                                .flatMap(license -> provision(order, license.orElseThrow().subscriptionNumber())));
    }

    public Uni<Void> calloutReceived(ZuoraCalloutReceived callout) {
        if (!ACTIVE.equalsIgnoreCase(callout.subscriptionStatus())) {
            LOG.infof("order %s: callout %s (%s, status %s) recorded; no license for that", callout.orderId(),
                    callout.notificationId(), callout.event(), callout.subscriptionStatus());
            return store.ignoreCallout(callout.notificationId(), callout.orderId(), callout.event(),
                    callout.subscriptionStatus(), clock.instant());
        }
        // Write our fact, then look for the order: whichever of the two events comes second provisions.
        return store.pendCallout(callout.orderId(), callout.subscriptionNumber(), clock.instant())
                .flatMap(pended -> store.order(callout.orderId()))
                .flatMap(order -> order.isEmpty() ? Uni.createFrom().voidItem()
                        : provision(order.get(), callout.subscriptionNumber()));
    }

    /** An operator's resend of an issued license: a new email, no new license. */
    public Uni<Email> resend(UUID orderId, String operator) {
        return store.license(orderId).flatMap(found -> {
            License license = found.orElseThrow(() -> ApiException.notFound("license for order '" + orderId + "'"));
            return store.order(orderId).map(o -> o.orElseThrow()).flatMap(order -> {
                UUID emailId = UUID.randomUUID();
                String messageId = "<license-" + orderId + "-resend-" + emailId + "@" + config.mail().messageIdDomain() + ">";
                return store.intendEmail(emailId, license, "resend", messageId, order.customer().contact().email(),
                                clock.instant())
                        .call(email -> store.claim(email.emailId(), clock.instant(), SEND_LEASE))
                        .call(email -> mailer.send(letter(email, order, license))
                                .call(() -> pool.withTransaction(tx -> store.markSent(tx, email.emailId(), clock.instant())))
                                .onFailure(TimeoutException.class).transform(e -> new MailFailure.Transient(
                                        "smtp_timeout", "the mail server did not answer in time", e))
                                .onFailure(MailFailure.class).call(e -> pool.withTransaction(tx -> store.markFailed(tx,
                                        email.emailId(), ((MailFailure) e).code(), e.getMessage())))
                                .onFailure(MailFailure.class).transform(e -> new ApiException(502, "mail_not_sent",
                                        "the mail server did not accept the email: " + e.getMessage())))
                        .invoke(email -> LOG.infof("order %s: license %s resent to the customer by %s (%s)", orderId,
                                license.licenseId(), operator, email.messageId()));
            });
        });
    }

    private Uni<Void> provision(OrderPlaced order, String subscriptionNumber) {
        return store.license(order.orderId())
                .flatMap(existing -> existing.isPresent() ? Uni.createFrom().item(existing.get()) : issue(order,
                        subscriptionNumber))
                .flatMap(license -> store.firstEmail(order.orderId()).flatMap(first -> {
                    if (first.isPresent() && !"sending".equals(first.get().state())) {
                        return Uni.createFrom().voidItem();
                    }
                    String messageId = "<license-" + order.orderId() + "@" + config.mail().messageIdDomain() + ">";
                    return store.intendEmail(UUID.randomUUID(), license, "first", messageId,
                                    order.customer().contact().email(), clock.instant())
                            .flatMap(email -> deliverFirst(email, order, license));
                }));
    }

    private Uni<License> issue(OrderPlaced order, String subscriptionNumber) {
        var now = clock.instant();
        LicenseIssuer.IssuedLicense issued = issuer.issue(order, subscriptionNumber, LocalDate.ofInstant(now, ZoneOffset.UTC));
        return store.saveLicense(order.orderId(), issued.licenseId(), issued.keyId(), subscriptionNumber,
                        issued.activationCode(), issued.attributes(), issued.file(), now)
                .invoke(license -> LOG.infof("order %s: license %s issued with key %s", order.orderId(),
                        license.licenseId(), license.keyId()));
    }

    private Uni<Void> deliverFirst(Email email, OrderPlaced order, License license) {
        if (!"sending".equals(email.state())) {
            return Uni.createFrom().voidItem();
        }
        return store.claim(email.emailId(), clock.instant(), SEND_LEASE).flatMap(claimed -> {
            if (!claimed) {
                throw new RetryLaterException("the license email of order " + order.orderId()
                        + " is being sent by another process");
            }
            return mailer.send(letter(email, order, license))
                    .flatMap(sent -> recordSent(email, order, license))
                    .onFailure(TimeoutException.class).transform(e -> new MailFailure.Transient("smtp_timeout",
                            "the mail server did not answer in time", e))
                    .onFailure(MailFailure.class).recoverWithUni(e -> recordFailed(email, order, (MailFailure) e));
        });
    }

    private Uni<Void> recordSent(Email email, OrderPlaced order, License license) {
        var now = clock.instant();
        return pool.withTransaction(tx -> store.markSent(tx, email.emailId(), now)
                        .call(() -> OutboxWriter.append(tx, new LicenseNotificationSent(order.orderId(),
                                license.subscriptionNumber(), license.licenseId().toString(), email.recipient(), now), now)))
                .invoke(() -> LOG.infof("order %s: license %s emailed to the customer contact (%s)", order.orderId(),
                        license.licenseId(), email.messageId()));
    }

    private Uni<Void> recordFailed(Email email, OrderPlaced order, MailFailure failure) {
        boolean retryable = failure instanceof MailFailure.Transient;
        var now = clock.instant();
        return store.attempt(order.orderId()).flatMap(attempt -> pool.withTransaction(tx -> store.markFailed(tx,
                        email.emailId(), failure.code(), failure.getMessage())
                .call(() -> OutboxWriter.append(tx, new LicenseNotificationFailed(order.orderId(), attempt, retryable,
                        FailureSource.NOTIFICATION, failure.code(), failure.getMessage(), now), now))))
                .invoke(() -> LOG.warnf("order %s: the license email was %s: %s %s", order.orderId(),
                        retryable ? "not accepted after the retries" : "refused", failure.code(), failure.getMessage()));
    }

    private static LicenseMailer.LicenseEmail letter(Email email, OrderPlaced order, License license) {
        return new LicenseMailer.LicenseEmail(email.messageId(), order, license.subscriptionNumber(),
                LicenseIssuer.tier(order).licensePlan(),
                license.activationCode(), license.file());
    }
}
