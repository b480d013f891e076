package com.gitlab.marketplace.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** notification-service settings. */
@ConfigMapping(prefix = "notification-service")
public interface NotificationConfig {

    Mail mail();

    Smtp smtp();

    License license();

    interface Mail {

        /** The sender, e.g. {@code GitLab Licensing <licensing@gitlab.example>} (env {@code NOTIFICATION_SERVICE_MAIL_FROM}). */
        @WithDefault("GitLab Licensing <licensing@gitlab.example>")
        String from();

        /** The right-hand side of the Message-IDs, so a duplicate is recognisable downstream. */
        @WithDefault("marketplace.gitlab.example")
        String messageIdDomain();

        /**
         * How long sending a license email may keep trying (the SMTP server down, or answering "try later")
         * before it is an incident for an operator.
         */
        @WithDefault("PT24H")
        Duration deadline();

        /**
         * How long a process holds an email it is sending. Another process takes the email over only after that
         * (its sender died): longer than a send takes, and than a database outage the sender waits out.
         */
        @WithDefault("PT10M")
        Duration claimLease();
    }

    /** The SMTP server (env {@code NOTIFICATION_SERVICE_SMTP_*}). */
    interface Smtp {

        String host();

        @WithDefault("25")
        int port();

        Optional<String> username();

        Optional<String> password();

        /** SMTP over TLS from the first byte (usually port 465). */
        @WithDefault("false")
        boolean tls();

        /** STARTTLS on a plain connection: REQUIRED, OPTIONAL (when offered) or DISABLED. */
        @WithDefault("OPTIONAL")
        StartTls startTls();

        /** Each of connecting, each reply and each write may take this long (then the try fails). */
        @WithDefault("PT15S")
        Duration timeout();

        enum StartTls { REQUIRED, OPTIONAL, DISABLED }
    }

    interface License {

        /** The product name in the license file's boundary lines. */
        @WithDefault("GitLab")
        String product();

        /**
         * A directory of the issuer's RSA private keys, one PKCS#8 PEM file per key named {@code <key id>.pem}
         * (a mounted Kubernetes Secret works). Old keys stay so their licenses can still be resent.
         */
        Path keysDirectory();

        /** The key id that signs new licenses (env {@code NOTIFICATION_SERVICE_LICENSE_ACTIVE_KEY}). */
        String activeKey();

        /** How many days before expiry admins are warned ({@code notify_admins_at}). */
        @WithDefault("30")
        int notifyAdminsDaysBefore();

        /** How many days after expiry changes are blocked ({@code block_changes_at}). */
        @WithDefault("14")
        int blockChangesDaysAfter();
    }
}
