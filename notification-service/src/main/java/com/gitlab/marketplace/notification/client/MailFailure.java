package com.gitlab.marketplace.notification.client;

/**
 * An email was not sent, and what that means for sending it again:
 * <ul>
 *   <li>{@link NotHandedOver}: the message never reached the server (it could not be reached, did not greet,
 *       or answered a command before the message with a temporary error): send it again;</li>
 *   <li>{@link Refused}: the server answered the message with an error: {@link Refused#permanent()} for 5xx
 *       (e.g. no such mailbox), which no retry changes; 4xx: try again later;</li>
 *   <li>{@link OutcomeUnknown}: the whole message was handed over and no answer came (a timeout, a dropped
 *       connection): it may have been delivered, so it must not be sent again by itself.</li>
 * </ul>
 */
public abstract sealed class MailFailure extends RuntimeException {

    private final String code;

    MailFailure(String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    /** {@code smtp_<reply code>}, {@code smtp_unavailable} or {@code smtp_outcome_unknown}. */
    public String code() {
        return code;
    }

    /** See the class comment. */
    public static final class NotHandedOver extends MailFailure {
        public NotHandedOver(String message, Throwable cause) {
            super("smtp_unavailable", message, cause);
        }
    }

    /** See the class comment. */
    public static final class Refused extends MailFailure {

        private final int replyCode;

        public Refused(int replyCode, String message, Throwable cause) {
            super("smtp_" + replyCode, message, cause);
            this.replyCode = replyCode;
        }

        public boolean permanent() {
            return replyCode >= 500;
        }
    }

    /** See the class comment. */
    public static final class OutcomeUnknown extends MailFailure {
        public OutcomeUnknown(String message, Throwable cause) {
            super("smtp_outcome_unknown", message, cause);
        }
    }
}
