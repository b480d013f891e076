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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The service's own store: order details, activations, licenses and their emails (see the migrations). */
@ApplicationScoped
public class NotificationRepository {

    /** A stored license. */
    public record License(UUID licenseId, UUID orderId, String keyId, String subscriptionNumber,
            String activationCode, String file) {
    }

    /** One email of a license. */
    public record Email(UUID emailId, UUID licenseId, String kind, String messageId, String recipient, State state) {

        /** Where the email stands; the column holds the lower-case name. */
        public enum State {
            /** To be sent, or being sent by the process that holds its claim. */
            SENDING,
            /** The mail server took it. */
            SENT,
            /** The mail server refused it for good. */
            FAILED,
            /** The connection ended after the body went out and before the server's answer: it may have arrived. */
            UNKNOWN;

            public String column() {
                return name().toLowerCase(Locale.ROOT);
            }

            static State ofColumn(String column) {
                return valueOf(column.toUpperCase(Locale.ROOT));
            }
        }
    }

    private final Pool pool;

    public NotificationRepository(Pool pool) {
        this.pool = pool;
    }

    /** Keeps the order (a repeat changes nothing); answers whether it was new. */
    public Uni<Boolean> saveOrder(SqlClient tx, OrderPlaced order, Instant now) {
        return tx.preparedQuery("INSERT INTO order_details (order_id, placed, received_at) VALUES ($1, $2::text::jsonb, $3) "
                        + "ON CONFLICT (order_id) DO NOTHING")
                .execute(Tuple.of(order.orderId(), EventJson.serializeToString(order), utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<OrderPlaced>> order(SqlClient client, UUID orderId) {
        return client.preparedQuery("SELECT placed::text AS placed FROM order_details WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(EventJson.deserialize(
                        EventType.ORDER_PLACED, rows.iterator().next().getString("placed").getBytes(StandardCharsets.UTF_8))));
    }

    public Uni<Optional<OrderPlaced>> order(UUID orderId) {
        return order(pool, orderId);
    }

    /** The order's latest operator retry (0 before any). */
    public Uni<Integer> attempt(SqlClient client, UUID orderId) {
        return client.preparedQuery("SELECT attempt FROM order_details WHERE order_id = $1").execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? 0 : rows.iterator().next().getInteger("attempt"));
    }

    public Uni<Void> retryRequested(SqlClient tx, OrderPlaced order, int attempt, Instant now) {
        return saveOrder(tx, order, now).flatMap(saved -> tx.preparedQuery(
                        "UPDATE order_details SET attempt = GREATEST(attempt, $2) WHERE order_id = $1")
                .execute(Tuple.of(order.orderId(), attempt))).replaceWithVoid();
    }

    /** The subscription is active (a repeat changes nothing); answers whether it was new. */
    public Uni<Boolean> saveActivation(SqlClient tx, UUID orderId, String subscriptionNumber, Instant now) {
        return tx.preparedQuery("INSERT INTO subscription_activation (order_id, subscription_number, received_at) "
                        + "VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING")
                .execute(Tuple.of(orderId, subscriptionNumber, utc(now))).map(rows -> rows.rowCount() == 1);
    }

    /** The subscription number of the order's active subscription, once Zuora said it is active. */
    public Uni<Optional<String>> activation(SqlClient client, UUID orderId) {
        return client.preparedQuery("SELECT subscription_number FROM subscription_activation WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("subscription_number")));
    }

    public Uni<Optional<License>> license(UUID orderId) {
        return pool.preparedQuery("SELECT license_id, order_id, key_id, subscription_number, activation_code, file "
                        + "FROM license WHERE order_id = $1 AND change_id IS NULL")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(license(rows.iterator().next())));
    }

    /** Stores the license unless the order has one already; either way answers the order's license. */
    public Uni<License> saveLicense(UUID orderId, UUID licenseId, String keyId, String subscriptionNumber,
            String activationCode, String attributes, String file, Instant now) {
        return pool.preparedQuery("INSERT INTO license (license_id, order_id, key_id, subscription_number, "
                        + "activation_code, attributes, file, issued_at) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8) "
                        + "ON CONFLICT (order_id) WHERE change_id IS NULL DO NOTHING")
                .execute(Tuple.tuple().addUUID(licenseId).addUUID(orderId).addString(keyId).addString(subscriptionNumber)
                        .addString(activationCode).addString(attributes).addString(file).addOffsetDateTime(utc(now)))
                .flatMap(inserted -> license(orderId)).map(Optional::orElseThrow);
    }

    /** The order's newest license: the first one, or the one of its latest change (what a resend mails). */
    public Uni<Optional<License>> latestLicense(UUID orderId) {
        return pool.preparedQuery("SELECT license_id, order_id, key_id, subscription_number, activation_code, file "
                        + "FROM license WHERE order_id = $1 ORDER BY issued_at DESC LIMIT 1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(license(rows.iterator().next())));
    }

    /** The license issued for a change (more seats, a new term). */
    public Uni<Optional<License>> changeLicense(UUID changeId) {
        return pool.preparedQuery("SELECT license_id, order_id, key_id, subscription_number, activation_code, file "
                        + "FROM license WHERE change_id = $1")
                .execute(Tuple.of(changeId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(license(rows.iterator().next())));
    }

    /** Stores a change's license unless it has one already; either way answers the change's license. */
    public Uni<License> saveChangeLicense(UUID orderId, UUID changeId, UUID licenseId, String keyId,
            String subscriptionNumber, String activationCode, String attributes, String file, Instant now) {
        return pool.preparedQuery("INSERT INTO license (license_id, order_id, change_id, key_id, subscription_number, "
                        + "activation_code, attributes, file, issued_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9) ON CONFLICT (change_id) DO NOTHING")
                .execute(Tuple.tuple().addUUID(licenseId).addUUID(orderId).addUUID(changeId).addString(keyId)
                        .addString(subscriptionNumber).addString(activationCode).addString(attributes).addString(file)
                        .addOffsetDateTime(utc(now)))
                .flatMap(inserted -> changeLicense(changeId)).map(Optional::orElseThrow);
    }

    /** The email of a change, once its intent is written. */
    public Uni<Optional<Email>> changeEmail(UUID changeId) {
        return pool.preparedQuery("SELECT email_id, license_id, kind, message_id, recipient, state FROM license_email "
                        + "WHERE change_id = $1 AND kind = 'change'")
                .execute(Tuple.of(changeId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(email(rows.iterator().next())));
    }

    /** The intent to send a change's email (its license, or none for a cancellation); it exists once per change. */
    public Uni<Email> intendChangeEmail(UUID orderId, UUID changeId, License license, String messageId,
            String recipient, Instant now) {
        return pool.preparedQuery("INSERT INTO license_email (email_id, license_id, order_id, change_id, kind, "
                        + "message_id, recipient, state, created_at) "
                        + "VALUES ($1, $2, $3, $4, 'change', $5, $6, 'sending', $7) ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(license == null ? null : license.licenseId())
                        .addUUID(orderId).addUUID(changeId).addString(messageId).addString(recipient)
                        .addOffsetDateTime(utc(now)))
                .flatMap(inserted -> changeEmail(changeId)).map(Optional::orElseThrow);
    }

    public Uni<Optional<Email>> firstEmail(SqlClient client, UUID orderId) {
        return client.preparedQuery("SELECT email_id, license_id, kind, message_id, recipient, state FROM license_email "
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
                .flatMap(inserted -> "first".equals(kind) ? firstEmail(pool, license.orderId()).map(Optional::orElseThrow)
                        : Uni.createFrom().item(new Email(emailId, license.licenseId(), kind, messageId, recipient,
                                Email.State.SENDING)));
    }

    /**
     * Claims an email to send for {@code lease}, for {@code owner} (one process): succeeds when it is still to be
     * sent and nobody else holds a live claim on it (a claim whose owner died has expired).
     *
     * @return the claim's token, which the result must present
     */
    public Uni<Optional<UUID>> claim(UUID emailId, String owner, Instant now, Duration lease) {
        UUID token = UUID.randomUUID();
        return pool.preparedQuery("UPDATE license_email SET claimed_by = $2, claim_token = $3, claimed_until = $5 "
                        + "WHERE email_id = $1 AND state = 'sending' "
                        + "AND (claimed_until IS NULL OR claimed_until < $4 OR claimed_by = $2)")
                .execute(Tuple.of(emailId, owner, token, utc(now), utc(now.plus(lease))))
                .map(rows -> rows.rowCount() == 1 ? Optional.of(token) : Optional.empty());
    }

    /** Lets go of a claim (nothing was handed to the server), so any process may send it next. */
    public Uni<Void> release(UUID emailId, UUID token) {
        return pool.preparedQuery("UPDATE license_email SET claimed_by = NULL, claim_token = NULL, claimed_until = NULL "
                        + "WHERE email_id = $1 AND claim_token = $2")
                .execute(Tuple.of(emailId, token)).replaceWithVoid();
    }

    /** Back to 'sending' (an operator's retry after a failed or unknown send), keeping its Message-ID. */
    public Uni<Boolean> retryEmail(SqlClient tx, UUID orderId) {
        return tx.preparedQuery("UPDATE license_email SET state = 'sending', failure_code = NULL, failure_message = NULL, "
                        + "claimed_by = NULL, claim_token = NULL, claimed_until = NULL "
                        + "WHERE order_id = $1 AND kind = 'first' AND state IN ('failed', 'unknown')")
                .execute(Tuple.of(orderId)).map(rows -> rows.rowCount() > 0);
    }

    /**
     * The result of a send, recorded only by the claim that made it.
     *
     * @return whether the claim still held
     */
    public Uni<Boolean> finish(SqlClient tx, UUID emailId, UUID token, Email.State state, String code, String message,
            Instant now) {
        return tx.preparedQuery("UPDATE license_email SET state = $3, failure_code = $4, failure_message = $5, "
                        + "sent_at = CASE WHEN $3::text = 'sent' THEN $6::timestamptz END, claimed_until = NULL "
                        + "WHERE email_id = $1 AND claim_token = $2")
                .execute(Tuple.tuple().addUUID(emailId).addUUID(token).addString(state.column()).addString(code)
                        .addString(message).addOffsetDateTime(utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    private static License license(Row row) {
        return new License(row.getUUID("license_id"), row.getUUID("order_id"), row.getString("key_id"),
                row.getString("subscription_number"), row.getString("activation_code"), row.getString("file"));
    }

    private static Email email(Row row) {
        return new Email(row.getUUID("email_id"), row.getUUID("license_id"), row.getString("kind"),
                row.getString("message_id"), row.getString("recipient"),
                Email.State.ofColumn(row.getString("state")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
