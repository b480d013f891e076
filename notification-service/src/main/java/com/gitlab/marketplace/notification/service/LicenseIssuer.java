package com.gitlab.marketplace.notification.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.license.format.LicenseFile;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Makes a customer's license: the attributes a GitLab instance reads (API.md §7) from the order and its
 * Zuora subscription, encrypted with the active issuer key, and a short activation code. The plan, seats and
 * expiry come from the order's base plan line, the same line Zuora's term comes from; the other lines are
 * add-ons.
 */
@ApplicationScoped
public class LicenseIssuer {

    private static final String CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A license as issued. */
    public record IssuedLicense(UUID licenseId, String keyId, String activationCode, String attributes, String file) {
    }

    private final LicenseKeys keys;
    private final NotificationConfig.License config;
    private final SecureRandom random = new SecureRandom();

    public LicenseIssuer(LicenseKeys keys, NotificationConfig config) {
        this.keys = keys;
        this.config = config.license();
    }

    public IssuedLicense issue(OrderPlaced order, String subscriptionNumber, LocalDate issuedOn) {
        return issue(order, order.orderLines(), subscriptionNumber, issuedOn,
                issuedOn.plusMonths(order.basePlan().termMonths()));
    }

    /**
     * The license of a changed subscription: its lines now (more seats, a new add-on) until the end of its term
     * (after a renewal, the new term's end).
     */
    public IssuedLicense issue(OrderPlaced order, List<OrderLine> lines, String subscriptionNumber, LocalDate issuedOn,
            LocalDate expires) {
        OrderLine tier = OrderLine.basePlan(lines);
        ObjectNode attributes = JSON.createObjectNode();
        attributes.put("version", 1);
        attributes.putObject("licensee")
                .put("Name", order.customer().contact().firstName() + " " + order.customer().contact().lastName())
                .put("Company", order.customer().companyName())
                .put("Email", order.customer().contact().email());
        attributes.put("issued_at", issuedOn.toString())
                .put("expires_at", expires.toString())
                .put("notify_admins_at", expires.minusDays(config.notifyAdminsDaysBefore()).toString())
                .put("notify_users_at", expires.toString())
                .put("block_changes_at", expires.plusDays(config.blockChangesDaysAfter()).toString())
                .put("cloud_licensing_enabled", false)
                .put("offline_cloud_licensing_enabled", false)
                .put("auto_renew_enabled", false)
                .put("seat_reconciliation_enabled", false)
                .put("operational_metrics_enabled", false)
                .put("generated_from_customers_dot", false);
        ObjectNode restrictions = attributes.putObject("restrictions")
                .put("plan", tier.licensePlan())
                .put("active_user_count", tier.quantity())
                .put("subscription_name", subscriptionNumber);
        ObjectNode addOns = restrictions.putObject("add_ons");
        lines.stream().filter(line -> line != tier).forEach(l -> addOns.put(l.licensePlan(), l.quantity()));

        LicenseKeys.IssuerKey key = keys.active();
        String json = attributes.toString();
        String file = LicenseFile.encode(json.getBytes(StandardCharsets.UTF_8), key.privateKey(),
                config.product(), LicenseFile.Secrets.random());
        return new IssuedLicense(UUID.randomUUID(), key.id(), activationCode(), json, file);
    }

    /** 20 characters of Crockford base32 in groups of five (100 random bits), easy to read out and type. */
    private String activationCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                code.append('-');
            }
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }
}
