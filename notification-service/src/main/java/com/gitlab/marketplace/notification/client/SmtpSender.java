package com.gitlab.marketplace.notification.client;

import com.gitlab.marketplace.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends one email over SMTP with Angus Mail (Jakarta Mail) and tells precisely how far it got, which a
 * higher-level mail client hides: every step of the conversation before the message's final dot is safe to
 * repeat, what happens after it is not ({@link MailFailure}). Blocking, bounded by the SMTP timeouts: called
 * from a durable step's worker thread, never from an event loop.
 */
@ApplicationScoped
public class SmtpSender {

    /**
     * Jakarta Mail 2.1 looks its stream provider up with a {@code ServiceLoader} scan of the class path for every
     * body part it creates or writes (jakartaee/mail-api#861): about 13 % of this service's CPU per license email
     * in the pipeline benchmark. The lookup reads this system property first, and then costs one class load.
     */
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final NotificationConfig.Smtp config;
    private final Session session;

    public SmtpSender(NotificationConfig config) {
        this.config = config.smtp();
        String protocol = this.config.tls() ? "smtps" : "smtp";
        Properties properties = new Properties();
        String timeout = String.valueOf(this.config.timeout().toMillis());
        properties.put("mail." + protocol + ".host", this.config.host());
        properties.put("mail." + protocol + ".port", String.valueOf(this.config.port()));
        properties.put("mail." + protocol + ".connectiontimeout", timeout);
        properties.put("mail." + protocol + ".timeout", timeout);
        properties.put("mail." + protocol + ".writetimeout", timeout);
        properties.put("mail." + protocol + ".auth", String.valueOf(this.config.username().isPresent()));
        properties.put("mail.smtp.starttls.enable", String.valueOf(this.config.startTls()
                != NotificationConfig.Smtp.StartTls.DISABLED));
        properties.put("mail.smtp.starttls.required", String.valueOf(this.config.startTls()
                == NotificationConfig.Smtp.StartTls.REQUIRED));
        this.session = Session.getInstance(properties);
    }

    /** A message to fill in (the session's defaults apply to it). */
    public MimeMessage newMessage(String messageId) {
        return new FixedIdMessage(session, messageId);
    }

    /**
     * Sends the message to its recipients.
     *
     * @throws MailFailure saying whether it may be sent again
     */
    public void send(MimeMessage message) {
        HandOverTracking transport = new HandOverTracking(session, config.tls());
        try {
            message.saveChanges();
            Address[] recipients = message.getAllRecipients();
            try {
                transport.connect(config.host(), config.port(), config.username().orElse(null),
                        config.password().orElse(null));
            } catch (MessagingException e) {
                throw new MailFailure.NotHandedOver("the mail server could not be reached: " + e.getMessage(), e);
            }
            transport.sendMessage(message, recipients);
        } catch (MailFailure failure) {
            throw failure;
        } catch (SMTPSendFailedException refused) {
            // The server answered with an error: it did not take the message, whatever the stage.
            throw new MailFailure.Refused(refused.getReturnCode(), "the mail server refused the email ("
                    + refused.getReturnCode() + ")", refused);
        } catch (MessagingException e) {
            int reply = transport.getLastReturnCode();
            if (transport.handedOver()) {
                throw new MailFailure.OutcomeUnknown("the message was handed to the mail server, which did not "
                        + "confirm it: " + e.getMessage(), e);
            }
            if (reply >= 400 && reply < 600) {
                throw new MailFailure.Refused(reply, "the mail server refused the email (" + reply + ")", e);
            }
            throw new MailFailure.NotHandedOver("the mail server did not take the email: " + e.getMessage(), e);
        } finally {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the connection is gone either way
            }
        }
    }

    /** An SMTP transport that notes when the message's end (the final dot) starts on its way to the server. */
    private static final class HandOverTracking extends SMTPTransport {

        private volatile boolean handedOver;

        HandOverTracking(Session session, boolean tls) {
            super(session, new URLName(tls ? "smtps" : "smtp", null, -1, null, null, null), tls ? "smtps" : "smtp", tls);
        }

        @Override
        protected void finishData() throws IOException, MessagingException {
            handedOver = true; // from here the server may take the message without our learning of it
            super.finishData();
        }

        boolean handedOver() {
            return handedOver;
        }
    }

    /** A message that keeps the Message-ID it was given (Jakarta Mail would make its own on saving). */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
