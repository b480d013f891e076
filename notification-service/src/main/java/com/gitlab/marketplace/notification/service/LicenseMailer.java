package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.notification.client.MailFailure;
import com.gitlab.marketplace.notification.client.SmtpSender;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.activation.DataHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;

/**
 * Emails a license to the order's customer contact (never to the partner): HTML and text parts from
 * templates, the license file attached, the activation code in the body, and the Message-ID it is given, so
 * that a repeat is recognisable downstream. One try; retries are the step's business.
 */
@ApplicationScoped
public class LicenseMailer {

    /** What one email says; {@code updated} for the license of a change (more seats, a new term). */
    public record LicenseEmail(String messageId, OrderPlaced order, String subscriptionNumber, String plan,
            String activationCode, String licenseFile, boolean updated) {
    }

    /** The confirmation of a cancellation: the subscription ends on {@code endsOn} and does not renew. */
    public record CancellationEmail(String messageId, OrderPlaced order, String subscriptionNumber, LocalDate endsOn) {
    }

    private final SmtpSender smtp;
    private final Template html;
    private final Template text;
    private final NotificationConfig.Mail config;

    private final Template cancellationHtml;
    private final Template cancellationText;

    public LicenseMailer(SmtpSender smtp, @Location("license-email.html") Template html,
            @Location("license-email.txt") Template text,
            @Location("cancellation-email.html") Template cancellationHtml,
            @Location("cancellation-email.txt") Template cancellationText, NotificationConfig config) {
        this.smtp = smtp;
        this.html = html;
        this.text = text;
        this.cancellationHtml = cancellationHtml;
        this.cancellationText = cancellationText;
        this.config = config.mail();
    }

    /**
     * Sends the confirmation of a cancellation; blocking, one try.
     *
     * @throws MailFailure saying whether it may be sent again
     */
    public void send(CancellationEmail email) {
        var contact = email.order().customer().contact();
        Map<String, Object> data = Map.of("firstName", contact.firstName(), "company",
                email.order().customer().companyName(), "subscriptionNumber", email.subscriptionNumber(), "endsOn",
                String.valueOf(email.endsOn()), "externalSubscriptionId", email.order().externalSubscriptionId());
        try {
            MimeMessage message = smtp.newMessage(email.messageId());
            message.setFrom(new InternetAddress(config.from()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(contact.email()));
            message.setSubject("Your GitLab subscription " + email.subscriptionNumber() + " ends on " + email.endsOn(),
                    StandardCharsets.UTF_8.name());
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(cancellationText.data(data).render(), StandardCharsets.UTF_8.name());
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(cancellationHtml.data(data).render(), StandardCharsets.UTF_8.name(), "html");
            message.setContent(new MimeMultipart("alternative", plain, rich));
            smtp.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("the cancellation email cannot be composed", e);
        }
    }

    /**
     * Sends it; blocking (a worker thread's).
     *
     * @throws MailFailure saying whether it may be sent again
     */
    public void send(LicenseEmail email) {
        smtp.send(message(email));
    }

    private MimeMessage message(LicenseEmail email) {
        var contact = email.order().customer().contact();
        Map<String, Object> data = Map.of("firstName", contact.firstName(), "company",
                email.order().customer().companyName(), "plan", email.plan(), "subscriptionNumber",
                email.subscriptionNumber(), "activationCode", email.activationCode(), "externalSubscriptionId",
                email.order().externalSubscriptionId(), "updated", email.updated());
        try {
            MimeMessage message = smtp.newMessage(email.messageId());
            message.setFrom(new InternetAddress(config.from()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(contact.email()));
            message.setSubject("Your " + (email.updated() ? "updated " : "") + "GitLab " + capitalized(email.plan())
                    + " license (" + email.subscriptionNumber() + ")", StandardCharsets.UTF_8.name());

            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text.data(data).render(), StandardCharsets.UTF_8.name());
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html.data(data).render(), StandardCharsets.UTF_8.name(), "html");
            MimeMultipart alternatives = new MimeMultipart("alternative", plain, rich);
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternatives);

            MimeBodyPart license = new MimeBodyPart();
            license.setDataHandler(new DataHandler(new ByteArrayDataSource(
                    email.licenseFile().getBytes(StandardCharsets.US_ASCII), "text/plain")));
            license.setFileName("GitLab-" + email.subscriptionNumber() + ".gitlab-license");
            license.setDisposition(MimeBodyPart.ATTACHMENT);

            message.setContent(new MimeMultipart(body, license));
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException("the license email cannot be composed", e);
        }
    }

    private static String capitalized(String plan) {
        return plan.isEmpty() ? plan : Character.toUpperCase(plan.charAt(0)) + plan.substring(1);
    }
}
