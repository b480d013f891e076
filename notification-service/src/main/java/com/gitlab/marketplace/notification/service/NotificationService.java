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
        return whatToResend(orderId)
                .flatMap(this::claimNewEmail)
                .flatMap(this::send)
                .invoke(email -> LOG.infof("order %s: license %s resent to the customer by %s (%s)", orderId,
                        email.licenseId(), operator, email.messageId()));
    }

    /** The license to send again and the order it is for (its customer's address). */
    private record Resend(License license, OrderPlaced order) {
    }

    /** A new email of the resend, claimed by this replica for the send. */
    private record ClaimedEmail(Email email, UUID token, Resend resend) {
    }

    private Uni<Resend> whatToResend(UUID orderId) {
        return store.latestLicense(orderId)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("license for order '" + orderId + "'")))
                .flatMap(license -> store.order(orderId).map(order -> new Resend(license, order.orElseThrow())));
    }

    /** Its own Message-ID, so the mail server and the customer's client take it as a new email. */
    private Uni<ClaimedEmail> claimNewEmail(Resend resend) {
        UUID orderId = resend.order().orderId();
        UUID emailId = UUID.randomUUID();
        String messageId = "<license-" + orderId + "-resend-" + emailId + "@" + config.mail().messageIdDomain() + ">";
        return store.intendEmail(emailId, resend.license(), "resend", messageId,
                        resend.order().customer().contact().email(), clock.instant())
                .flatMap(email -> store.claim(email.emailId(), owner, clock.instant(), config.mail().claimLease())
                        .map(token -> new ClaimedEmail(email, token.orElseThrow(), resend)));
    }

    /** The send blocks (SMTP): on a worker thread, never the event loop. */
    private Uni<Email> send(ClaimedEmail claimed) {
        Email email = claimed.email();
        UUID token = claimed.token();
        return Uni.createFrom().item(() -> {
                    mailer.send(LicenseEmailStep.letter(email, claimed.resend().order(), claimed.resend().license()));
                    return email;
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .call(sent -> pool.withTransaction(tx -> store.finish(tx, email.emailId(), token, Email.State.SENT, null, null,
                        Instant.now())))
                .onFailure(MailFailure.class).call(e -> pool.withTransaction(tx -> store.finish(tx, email.emailId(),
                        token, e instanceof MailFailure.OutcomeUnknown ? Email.State.UNKNOWN : Email.State.FAILED,
                        ((MailFailure) e).code(), e.getMessage(), Instant.now())))
                .onFailure(MailFailure.class).transform(e -> new ApiException(502, "mail_not_sent",
                        e instanceof MailFailure.OutcomeUnknown ? "the mail server did not confirm the email; it may "
                                + "have been delivered" : "the mail server did not take the email"));
    }
}
