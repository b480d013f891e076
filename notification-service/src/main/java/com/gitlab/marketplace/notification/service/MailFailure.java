package com.gitlab.marketplace.notification.service;

/**
 * The license email was not accepted. {@link Transient}: the SMTP server was unreachable, timed out or
 * answered 4xx, so a later try may work; {@link Permanent}: it answered 5xx (e.g. no such mailbox).
 */
public abstract sealed class MailFailure extends RuntimeException {

    private final String code;

    MailFailure(String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static final class Transient extends MailFailure {
        public Transient(String code, String message, Throwable cause) {
            super(code, message, cause);
        }
    }

    public static final class Permanent extends MailFailure {
        public Permanent(String code, String message, Throwable cause) {
            super(code, message, cause);
        }
    }
}
