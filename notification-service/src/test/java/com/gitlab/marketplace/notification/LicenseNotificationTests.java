package com.gitlab.marketplace.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventSource;
import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.notification.LicenseNotificationFailed;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.Address;
import com.gitlab.marketplace.events.order.Contact;
import com.gitlab.marketplace.events.order.Customer;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.infrastructure.embedded.SmtpServer;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import com.gitlab.marketplace.infrastructure.embedded.TopicRecords;
import com.gitlab.marketplace.license.format.IssuerKeys;
import com.gitlab.marketplace.license.format.LicenseFile;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The license, issued once and emailed once to the customer contact, over GreenMail and the real broker. */
@QuarkusTest
class LicenseNotificationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void smtpUp() {
        System.clearProperty(SmtpFront.DOWN);
    }

    @Test
    void theCustomerContactGetsOneEmailWithTheLicenseAndTheActivationCode() throws Exception {
        OrderPlaced order = order("ada+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(callout(order, "Active"));

        LicenseNotificationSent sent = single(results(order.orderId(), 1), LicenseNotificationSent.class);
        assertThat(sent.recipient()).isEqualTo(order.customer().contact().email());
        assertThat(sent.subscriptionNumber()).isEqualTo("A-S00000900");

        MimeMessage mail = only(mailsTo(order));
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(sent.recipient());
        assertThat(mail.getSubject()).isEqualTo("Your GitLab Premium license (A-S00000900)");
        assertThat(mail.getMessageID()).isEqualTo("<license-" + order.orderId() + "@marketplace.gitlab.example>");
        assertThat(mail.getFrom()[0].toString()).contains("licensing@gitlab.example");
        List<BodyPart> parts = parts(mail);
        String text = partOfType(parts, "text/plain");
        String html = partOfType(parts, "text/html");
        String code = text.lines().map(String::trim).filter(l -> l.matches("[0-9A-Z]{5}(-[0-9A-Z]{5}){3}"))
                .findFirst().orElseThrow();
        assertThat(html).contains(code).contains("A-S00000900").contains("Acme Corp");
        BodyPart attachment = null;
        for (BodyPart part : parts) {
            if (part.getFileName() != null) {
                attachment = part;
            }
        }
        assertThat(attachment.getFileName()).isEqualTo("GitLab-A-S00000900.gitlab-license");

        // The license reads with the active public key only, and says what was ordered.
        String license = attachment(mail);
        JsonNode keys = JSON.readTree(given().get("/api/v1/licenses/public-keys").then().statusCode(200)
                .extract().asString());
        JsonNode active = null;
        for (JsonNode key : keys) {
            if (key.get("active").asBoolean()) {
                active = key;
            }
        }
        assertThat(active.get("keyId").asText()).isEqualTo("test-key-2");
        JsonNode attributes = JSON.readTree(LicenseFile.decode(license,
                IssuerKeys.publicKey(active.get("publicKeyPem").asText())));
        assertThat(attributes.at("/licensee/Email").asText()).isEqualTo(sent.recipient());
        assertThat(attributes.at("/licensee/Company").asText()).isEqualTo("Acme Corp");
        assertThat(attributes.at("/restrictions/plan").asText()).isEqualTo("premium");
        assertThat(attributes.at("/restrictions/active_user_count").asInt()).isEqualTo(25);
        assertThat(attributes.at("/restrictions/subscription_name").asText()).isEqualTo("A-S00000900");
        assertThat(attributes.at("/restrictions/add_ons/duo_pro").asInt()).isEqualTo(10);
        assertThat(attributes.get("expires_at").asText()).isEqualTo(
                java.time.LocalDate.parse(attributes.get("issued_at").asText()).plusMonths(12).toString());

        // A changed license does not verify; nor does it with the other (older) key.
        String[] lines = license.split("\n");
        char[] third = lines[3].toCharArray();
        third[7] = third[7] == 'A' ? 'B' : 'A';
        lines[3] = new String(third);
        String tampered = String.join("\n", lines) + "\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LicenseFile.decode(tampered,
                IssuerKeys.publicKey(keyPem(keys, "test-key-2")))).isInstanceOf(LicenseFile.InvalidLicenseException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LicenseFile.decode(license,
                IssuerKeys.publicKey(keyPem(keys, "test-key-1")))).isInstanceOf(LicenseFile.InvalidLicenseException.class);
    }

    @Test
    void duplicateAndReorderedCalloutsGiveOneLicenseAndOneEmail() throws Exception {
        OrderPlaced order = order("grace+" + UUID.randomUUID() + "@acme.example");
        ZuoraCalloutReceived active = callout(order, "Active");
        publish(active);           // before the order is known
        publish(order);
        publish(active);           // Zuora sent it again
        publish(callout(order, "Active"));
        publish(callout(order, "Cancelled"));

        single(results(order.orderId(), 1), LicenseNotificationSent.class);
        pause();
        assertThat(results(order.orderId(), 1)).hasSize(1);
        assertThat(mailsTo(order)).hasSize(1);
    }

    @Test
    void aCalloutForAnotherStateIsRecordedAndSendsNothing() throws Exception {
        OrderPlaced order = order("linus+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(callout(order, "Suspended"));
        await().atMost(Duration.ofSeconds(60)).until(() -> exists("SELECT 1 FROM ignored_callout WHERE order_id = ?",
                order.orderId()));
        assertThat(mailsTo(order)).isEmpty();

        publish(callout(order, "Active"));
        single(results(order.orderId(), 1), LicenseNotificationSent.class);
    }

    @Test
    void whileTheMailServerIsDownTheEmailWaitsAndGoesOutOnceWhenItIsBack() throws Exception {
        System.setProperty(SmtpFront.DOWN, "true");
        OrderPlaced order = order("barbara+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(callout(order, "Active"));
        Thread.sleep(1500);
        assertThat(mailsTo(order)).isEmpty();
        System.clearProperty(SmtpFront.DOWN);

        single(results(order.orderId(), 1), LicenseNotificationSent.class);
        assertThat(mailsTo(order)).hasSize(1);
    }

    @Test
    void aMailServerThatStaysDownEndsInARetryableFailure() throws Exception {
        System.setProperty(SmtpFront.DOWN, "true");
        OrderPlaced order = order("alan+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(callout(order, "Active"));
        LicenseNotificationFailed failed = single(results(order.orderId(), 1), LicenseNotificationFailed.class);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.source()).isEqualTo("notification");
        assertThat(mailsTo(order)).isEmpty();
    }

    @Test
    void aRecipientTheMailServerRefusesIsAFailureNoRetryFixes() throws Exception {
        OrderPlaced order = order("reject+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(callout(order, "Active"));
        LicenseNotificationFailed failed = single(results(order.orderId(), 1), LicenseNotificationFailed.class);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.code()).isEqualTo("smtp_550");
        assertThat(mailsTo(order)).isEmpty();
    }

    @Test
    void aSenderThatDiedMidSendIsTakenOverWithTheSameMessageId() throws Exception {
        OrderPlaced order = order("edsger+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        await().atMost(Duration.ofSeconds(30)).until(() -> exists("SELECT 1 FROM order_details WHERE order_id = ?",
                order.orderId()));
        // What a process that died between speaking SMTP and recording the result leaves: a claim that expired.
        UUID license = UUID.randomUUID();
        String messageId = "<license-" + order.orderId() + "@marketplace.gitlab.example>";
        try (var c = connection()) {
            var insertLicense = c.prepareStatement("INSERT INTO license (license_id, order_id, key_id, subscription_number, "
                    + "activation_code, attributes, file, issued_at) VALUES (?, ?, 'test-key-2', 'A-S00000900', ?, '{}', "
                    + "'license', now())");
            insertLicense.setObject(1, license);
            insertLicense.setObject(2, order.orderId());
            insertLicense.setString(3, "CODE-" + license);
            insertLicense.executeUpdate();
            var insertEmail = c.prepareStatement("INSERT INTO license_email (email_id, license_id, order_id, kind, "
                    + "message_id, recipient, state, claimed_until, created_at) VALUES (?, ?, ?, 'first', ?, ?, 'sending', "
                    + "now() - interval '1 minute', now())");
            insertEmail.setObject(1, UUID.randomUUID());
            insertEmail.setObject(2, license);
            insertEmail.setObject(3, order.orderId());
            insertEmail.setString(4, messageId);
            insertEmail.setString(5, order.customer().contact().email());
            insertEmail.executeUpdate();
        }

        publish(callout(order, "Active")); // redelivered after the restart

        assertThat(single(results(order.orderId(), 1), LicenseNotificationSent.class).licenseId())
                .isEqualTo(license.toString());
        assertThat(only(mailsTo(order)).getMessageID()).isEqualTo(messageId);
    }

    @Test
    void anOperatorResendsTheSameLicenseInANewEmail() throws Exception {
        OrderPlaced order = order("margaret+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(callout(order, "Active"));
        single(results(order.orderId(), 1), LicenseNotificationSent.class);

        given().auth().oauth2(TestTokens.partner("ptn-test", "marketplace.order:create"))
                .post("/admin/licenses/{id}/resend", order.orderId()).then().statusCode(403);
        given().auth().oauth2(TestTokens.operator()).post("/admin/licenses/{id}/resend", UUID.randomUUID())
                .then().statusCode(404);
        String messageId = given().auth().oauth2(TestTokens.operator())
                .post("/admin/licenses/{id}/resend", order.orderId()).then().statusCode(200)
                .extract().path("messageId");

        await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(order).size() == 2);
        List<MimeMessage> mails = mailsTo(order);
        assertThat(mails).extracting(MimeMessage::getMessageID).containsExactlyInAnyOrder(
                "<license-" + order.orderId() + "@marketplace.gitlab.example>", messageId);
        assertThat(attachment(mails.get(0))).isEqualTo(attachment(mails.get(1)));
    }

    private static OrderPlaced order(String email) {
        UUID orderId = UUID.randomUUID();
        return new OrderPlaced(orderId, "ptn-test", "PO-" + orderId, "0018X00003TPartnr", "A00001234",
                "0018X00003Distrib",
                new Customer("Acme Corp", new Contact("Ada", "Lovelace", email, null),
                        new Address("1 Main St", null, "Springfield", "IL", "62701", "US")),
                List.of(new OrderLine("premium-sm-1y", "GitLab Premium (Self-Managed), 1 year", 25, 12, "premium",
                                "rp", "rpc", "GL-PREM-SM-1Y"),
                        new OrderLine("duo-pro-1y", "GitLab Duo Pro add-on, 1 year", 10, 12, "duo_pro", "rp2", "rpc2",
                                "GL-DUO-PRO-1Y")),
                Instant.now());
    }

    private static ZuoraCalloutReceived callout(OrderPlaced order, String status) {
        return new ZuoraCalloutReceived(order.orderId(), UUID.randomUUID().toString(), "SubscriptionCreated",
                "A-S00000900", "A00024999", status, Instant.now());
    }

    private static void publish(MarketplaceEvent event) {
        EventSource source = event instanceof OrderPlaced ? EventSource.ORDER_API : EventSource.ZUORA_CONNECTOR;
        TopicRecords.send(config("kafka.bootstrap.servers"), EventRecords.newRecord(source, event, Instant.now()));
    }

    private static List<ReceivedEvent> results(UUID orderId, int count) {
        return TopicRecords.await(config("kafka.bootstrap.servers"), Topics.NOTIFICATION_EVENTS,
                r -> orderId.toString().equals(r.key()), count, Duration.ofSeconds(60))
                .stream().map(EventRecords::read).toList();
    }

    private static <T> T single(List<ReceivedEvent> events, Class<T> type) {
        assertThat(events).hasSize(1);
        assertThat(events.get(0).attributes().source()).isEqualTo(EventSource.NOTIFICATION_SERVICE.uri());
        assertThat(events.get(0).payload()).isInstanceOf(type);
        return type.cast(events.get(0).payload());
    }

    private static List<MimeMessage> mailsTo(OrderPlaced order) throws Exception {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : SmtpServer.shared().receivedMessages()) {
            var to = message.getRecipients(Message.RecipientType.TO);
            if (to != null && to.length > 0 && to[0].toString().equals(order.customer().contact().email())) {
                mails.add(message);
            }
        }
        return mails;
    }

    private static MimeMessage only(List<MimeMessage> mails) {
        assertThat(mails).hasSize(1);
        return mails.get(0);
    }

    private static List<BodyPart> parts(MimeMessage mail) throws Exception {
        List<BodyPart> all = new ArrayList<>();
        collect((Multipart) mail.getContent(), all);
        return all;
    }

    private static void collect(Multipart multipart, List<BodyPart> into) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                collect(nested, into);
            } else {
                into.add(part);
            }
        }
    }

    private static String partOfType(List<BodyPart> parts, String type) throws Exception {
        for (BodyPart part : parts) {
            if (part.getFileName() == null && part.isMimeType(type)) {
                return String.valueOf(part.getContent());
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static String attachment(MimeMessage mail) throws Exception {
        for (BodyPart part : parts(mail)) {
            if (part.getFileName() != null) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                part.getInputStream().transferTo(bytes);
                return bytes.toString(StandardCharsets.US_ASCII);
            }
        }
        throw new AssertionError("no attachment");
    }

    private static String keyPem(JsonNode keys, String id) {
        for (JsonNode key : keys) {
            if (key.get("keyId").asText().equals(id)) {
                return key.get("publicKeyPem").asText();
            }
        }
        throw new AssertionError("no key " + id);
    }

    private static boolean exists(String query, UUID id) throws Exception {
        try (var c = connection(); var statement = c.prepareStatement(query)) {
            statement.setObject(1, id);
            return statement.executeQuery().next();
        }
    }

    private static java.sql.Connection connection() throws Exception {
        return DriverManager.getConnection(config("quarkus.datasource.jdbc.url"),
                config("quarkus.datasource.username"), config("quarkus.datasource.password"));
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(1500);
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
