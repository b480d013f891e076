package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Emails a license to the order's customer contact (never to the partner): HTML and text parts from
 * templates, the license file attached, the activation code in the body, and the Message-ID it is given,
 * so that a repeat is recognisable downstream. SMTP failures that may pass are retried with backoff, bounded.
 */
@ApplicationScoped
public class LicenseMailer {

    /** What one email says. */
    public record LicenseEmail(String messageId, OrderPlaced order, String subscriptionNumber, String plan,
            String activationCode, String licenseFile) {
    }

    private final ReactiveMailer mailer;
    private final Template html;
    private final Template text;
    private final NotificationConfig.Mail config;

    public LicenseMailer(ReactiveMailer mailer, @Location("license-email.html") Template html,
            @Location("license-email.txt") Template text, NotificationConfig config) {
        this.mailer = mailer;
        this.html = html;
        this.text = text;
        this.config = config.mail();
    }

    /**
     * Each attempt is bounded by a timeout: a server that stops answering mid-conversation (the mail client
     * then never completes on its own) must not hold the consumer, so a timeout counts as transient.
     */
    @Retry(maxRetries = 5, delay = 500, maxDuration = 90_000, jitter = 200,
            retryOn = {MailFailure.Transient.class, TimeoutException.class}, abortOn = MailFailure.Permanent.class)
    @ExponentialBackoff(maxDelay = 10_000)
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public Uni<Void> send(LicenseEmail email) {
        var contact = email.order().customer().contact();
        Map<String, Object> data = Map.of("firstName", contact.firstName(), "company",
                email.order().customer().companyName(), "plan", email.plan(), "subscriptionNumber",
                email.subscriptionNumber(), "activationCode", email.activationCode(), "externalSubscriptionId",
                email.order().externalSubscriptionId());
        Mail mail = Mail.withHtml(contact.email(), "Your GitLab " + capitalized(email.plan()) + " license ("
                        + email.subscriptionNumber() + ")", html.data(data).render())
                .setText(text.data(data).render())
                .setFrom(config.from())
                .addHeader("Message-ID", email.messageId())
                .addAttachment("GitLab-" + email.subscriptionNumber() + ".gitlab-license",
                        email.licenseFile().getBytes(StandardCharsets.US_ASCII), "text/plain");
        return Uni.createFrom().deferred(() -> mailer.send(mail))
                .onFailure().transform(LicenseMailer::classify);
    }

    private static MailFailure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                String code = "smtp_" + smtp.getReplyCode();
                return smtp.isPermanent() ? new MailFailure.Permanent(code, smtp.getReplyMessage(), failure)
                        : new MailFailure.Transient(code, smtp.getReplyMessage(), failure);
            }
        }
        return new MailFailure.Transient("smtp_unavailable", "the mail server could not be reached: "
                + failure.getMessage(), failure);
    }

    private static String capitalized(String plan) {
        return plan.isEmpty() ? plan : Character.toUpperCase(plan.charAt(0)) + plan.substring(1);
    }
}
