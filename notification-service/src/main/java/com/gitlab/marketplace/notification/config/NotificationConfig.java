package com.gitlab.marketplace.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** notification-service settings. SMTP itself is configured with {@code quarkus.mailer.*}. */
@ConfigMapping(prefix = "notification-service")
public interface NotificationConfig {

    Mail mail();

    License license();

    interface Mail {

        /** The sender, e.g. {@code GitLab Licensing <licensing@gitlab.example>} (env {@code NOTIFICATION_SERVICE_MAIL_FROM}). */
        String from();

        /** The right-hand side of the Message-IDs, so a duplicate is recognisable downstream. */
        @WithDefault("marketplace.gitlab.example")
        String messageIdDomain();
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
