package com.gitlab.marketplace.notification.repository;

import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.order.OrderPlaced;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** The service's own store: order details, licenses and their emails (see V1__notification_service.sql). */
@ApplicationScoped
public class NotificationRepository {

    /** A stored license. */
    public record License(UUID licenseId, UUID orderId, String keyId, String subscriptionNumber,
            String activationCode, String file) {
    }

    /** One email of a license. */
    public record Email(UUID emailId, UUID licenseId, String kind, String messageId, String recipient, String state) {
    }

    private final Pool pool;

    public NotificationRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> saveOrder(OrderPlaced order, Instant now) {
        return pool.preparedQuery("INSERT INTO order_details (order_id, placed, received_at) VALUES ($1, $2::text::jsonb, $3) "
                        + "ON CONFLICT (order_id) DO NOTHING")
                .execute(Tuple.of(order.orderId(), EventJson.serializeToString(order), utc(now))).replaceWithVoid();
    }

    public Uni<Optional<OrderPlaced>> order(UUID orderId) {
        return pool.preparedQuery("SELECT placed::text AS placed FROM order_details WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(EventJson.deserialize(
                        EventType.ORDER_PLACED, rows.iterator().next().getString("placed").getBytes(StandardCharsets.UTF_8))));
    }

    public Uni<Integer> attempt(UUID orderId) {
        return pool.preparedQuery("SELECT attempt FROM order_details WHERE order_id = $1").execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? 0 : rows.iterator().next().getInteger("attempt"));
    }

    public Uni<Void> retryRequested(OrderPlaced order, int attempt, Instant now) {
        return saveOrder(order, now).flatMap(saved -> pool.preparedQuery(
                        "UPDATE order_details SET attempt = GREATEST(attempt, $2) WHERE order_id = $1")
                .execute(Tuple.of(order.orderId(), attempt))).replaceWithVoid();
    }

    public Uni<Void> pendCallout(UUID orderId, String subscriptionNumber, Instant now) {
        return pool.preparedQuery("INSERT INTO pending_callout (order_id, subscription_number, received_at) "
                        + "VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING")
                .execute(Tuple.of(orderId, subscriptionNumber, utc(now))).replaceWithVoid();
    }

    public Uni<Optional<String>> pendingCallout(UUID orderId) {
        return pool.preparedQuery("SELECT subscription_number FROM pending_callout WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("subscription_number")));
    }

    public Uni<Void> ignoreCallout(String notificationId, UUID orderId, String event, String status, Instant now) {
        return pool.preparedQuery("INSERT INTO ignored_callout (notification_id, order_id, event, status, received_at) "
                        + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (notification_id) DO NOTHING")
                .execute(Tuple.of(notificationId, orderId, event, status, utc(now))).replaceWithVoid();
    }

    public Uni<Optional<License>> license(UUID orderId) {
        return pool.preparedQuery("SELECT license_id, order_id, key_id, subscription_number, activation_code, file "
                        + "FROM license WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(license(rows.iterator().next())));
    }

    /** Stores the license unless the order has one already; either way answers the order's license. */
    public Uni<License> saveLicense(UUID orderId, UUID licenseId, String keyId, String subscriptionNumber,
            String activationCode, String attributes, String file, Instant now) {
        return pool.preparedQuery("INSERT INTO license (license_id, order_id, key_id, subscription_number, "
                        + "activation_code, attributes, file, issued_at) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8) "
                        + "ON CONFLICT (order_id) DO NOTHING")
                .execute(Tuple.tuple().addUUID(licenseId).addUUID(orderId).addString(keyId).addString(subscriptionNumber)
                        .addString(activationCode).addString(attributes).addString(file).addOffsetDateTime(utc(now)))
                .flatMap(inserted -> license(orderId)).map(Optional::orElseThrow);
    }

    public Uni<Optional<Email>> firstEmail(UUID orderId) {
        return pool.preparedQuery("SELECT email_id, license_id, kind, message_id, recipient, state FROM license_email "
                        + "WHERE order_id = $1 AND kind = 'first'")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(email(rows.iterator().next())));
    }

    /** The intent to send, written before SMTP is spoken to; the first email of an order exists once. */
    public Uni<Email> intendEmail(UUID emailId, License license, String kind, String messageId, String recipient,
            Instant now) {
        return pool.preparedQuery("INSERT INTO license_email (email_id, license_id, order_id, kind, message_id, recipient, "
                        + "state, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'sending', $7) ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple().addUUID(emailId).addUUID(license.licenseId()).addUUID(license.orderId())
                        .addString(kind).addString(messageId).addString(recipient).addOffsetDateTime(utc(now)))
                .flatMap(inserted -> "first".equals(kind) ? firstEmail(license.orderId()).map(Optional::orElseThrow)
                        : Uni.createFrom().item(new Email(emailId, license.licenseId(), kind, messageId, recipient,
                                "sending")));
    }

    /**
     * Claims an email that is to be sent for {@code lease}: succeeds when nobody holds a live claim on it (a
     * claim left by a dead process has expired).
     */
    public Uni<Boolean> claim(UUID emailId, Instant now, java.time.Duration lease) {
        return pool.preparedQuery("UPDATE license_email SET claimed_until = $3 WHERE email_id = $1 AND state = 'sending' "
                        + "AND (claimed_until IS NULL OR claimed_until < $2)")
                .execute(Tuple.of(emailId, utc(now), utc(now.plus(lease))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Back to 'sending' (an operator retry after a failed email), keeping its Message-ID. */
    public Uni<Void> retryEmail(UUID emailId) {
        return pool.preparedQuery("UPDATE license_email SET state = 'sending', failure_code = NULL, failure_message = NULL "
                        + "WHERE email_id = $1 AND state = 'failed'")
                .execute(Tuple.of(emailId)).replaceWithVoid();
    }

    public Uni<Void> markSent(SqlClient tx, UUID emailId, Instant now) {
        return tx.preparedQuery("UPDATE license_email SET state = 'sent', sent_at = $2, claimed_until = NULL "
                        + "WHERE email_id = $1")
                .execute(Tuple.of(emailId, utc(now))).replaceWithVoid();
    }

    public Uni<Void> markFailed(SqlClient tx, UUID emailId, String code, String message) {
        return tx.preparedQuery("UPDATE license_email SET state = 'failed', failure_code = $2, failure_message = $3, "
                        + "claimed_until = NULL WHERE email_id = $1")
                .execute(Tuple.of(emailId, code, message)).replaceWithVoid();
    }

    private static License license(Row row) {
        return new License(row.getUUID("license_id"), row.getUUID("order_id"), row.getString("key_id"),
                row.getString("subscription_number"), row.getString("activation_code"), row.getString("file"));
    }

    private static Email email(Row row) {
        return new Email(row.getUUID("email_id"), row.getUUID("license_id"), row.getString("kind"),
                row.getString("message_id"), row.getString("recipient"), row.getString("state"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
