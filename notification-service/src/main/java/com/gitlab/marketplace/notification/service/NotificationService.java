package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.notification.client.MailFailure;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import com.gitlab.marketplace.notification.repository.NotificationRepository;
import com.gitlab.marketplace.notification.repository.NotificationRepository.Email;
import com.gitlab.marketplace.notification.repository.NotificationRepository.License;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/** An operator's resend of the order's newest license (the first, or its latest change's): a new email with its own Message-ID. */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);

    private final NotificationRepository store;
    private final LicenseMailer mailer;
    private final Pool pool;
    private final NotificationConfig config;
    private final String owner = "notification-service-resend/" + UUID.randomUUID();
    private final Clock clock = Clock.systemUTC();

    public NotificationService(NotificationRepository store, LicenseMailer mailer, Pool pool,
            NotificationConfig config) {
        this.store = store;
        this.mailer = mailer;
        this.pool = pool;
        this.config = config;
    }

    public Uni<Email> resend(UUID orderId, String operator) {
        return store.latestLicense(orderId).flatMap(found -> {
            License license = found.orElseThrow(() -> ApiException.notFound("license for order '" + orderId + "'"));
            return store.order(orderId).map(o -> o.orElseThrow()).flatMap(order -> {
                UUID emailId = UUID.randomUUID();
                String messageId = "<license-" + orderId + "-resend-" + emailId + "@" + config.mail().messageIdDomain()
                        + ">";
                return store.intendEmail(emailId, license, "resend", messageId, order.customer().contact().email(),
                                clock.instant())
                        .flatMap(email -> store.claim(email.emailId(), owner, clock.instant(), config.mail().claimLease())
                                .map(token -> token.orElseThrow())
                                .flatMap(token -> send(email, order, license, token)))
                        .invoke(email -> LOG.infof("order %s: license %s resent to the customer by %s (%s)", orderId,
                                license.licenseId(), operator, email.messageId()));
            });
        });
    }

    /** The send blocks (SMTP): on a worker thread, never the event loop. */
    private Uni<Email> send(Email email, OrderPlaced order, License license, UUID token) {
        return Uni.createFrom().item(() -> {
                    mailer.send(LicenseEmailStep.letter(email, order, license));
                    return email;
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .call(sent -> pool.withTransaction(tx -> store.finish(tx, email.emailId(), token, Email.SENT, null, null,
                        Instant.now())))
                .onFailure(MailFailure.class).call(e -> pool.withTransaction(tx -> store.finish(tx, email.emailId(),
                        token, e instanceof MailFailure.OutcomeUnknown ? Email.UNKNOWN : Email.FAILED,
                        ((MailFailure) e).code(), e.getMessage(), Instant.now())))
                .onFailure(MailFailure.class).transform(e -> new ApiException(502, "mail_not_sent",
                        e instanceof MailFailure.OutcomeUnknown ? "the mail server did not confirm the email; it may "
                                + "have been delivered" : "the mail server did not take the email"));
    }
}
