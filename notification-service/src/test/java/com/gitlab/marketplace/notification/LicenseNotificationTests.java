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
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionActivated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
        System.clearProperty(MailServerFaults.DOWN);
        System.clearProperty(MailServerFaults.SILENT_GREETING);
        System.clearProperty(MailServerFaults.SILENT_AFTER_DATA);
    }

    @Test
    void theCustomerContactGetsOneEmailWithTheLicenseAndTheActivationCode() throws Exception {
        OrderPlaced order = order("ada+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(activated(order));

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
                LocalDate.parse(attributes.get("issued_at").asText()).plusMonths(12).toString());

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
    void repeatedAndReorderedEventsGiveOneLicenseAndOneEmail() throws Exception {
        OrderPlaced order = order("grace+" + UUID.randomUUID() + "@acme.example");
        ZuoraSubscriptionActivated active = activated(order);
        publish(active);           // before the order is known
        publish(order);
        publish(active);           // redelivered
        publish(activated(order)); // the same fact again under a new event
        publish(new OrderRetryRequested(order.orderId(), 1, "operator", order, Instant.now())); // nothing to redo

        single(results(order.orderId(), 1), LicenseNotificationSent.class);
        pause();
        assertThat(results(order.orderId(), 1)).hasSize(1);
        assertThat(mailsTo(order)).hasSize(1);
    }

    @Test
    void theLicenseTakesPlanSeatsAndExpiryFromThePlanLineWhereverItStands() throws Exception {
        UUID orderId = UUID.randomUUID();
        OrderPlaced order = new OrderPlaced(orderId, "ptn-test", "PO-" + orderId, "0018X00003TPartnr", "A00001234",
                "0018X00003Distrib", new Customer("Acme Corp", new Contact("Ada", "Lovelace",
                        "plan-second+" + orderId + "@acme.example", null),
                        new Address("1 Main St", null, "Springfield", "IL", "62701", "US")),
                List.of(new OrderLine("duo-pro-1y", "GitLab Duo Pro add-on, 1 year", 10, 12, "duo_pro", "rp2", "rpc2",
                                "GL-DUO-PRO-1Y", OrderLine.ADD_ON),
                        new OrderLine("premium-sm-3y", "GitLab Premium (Self-Managed), 3 years", 40, 36, "premium",
                                "rp", "rpc", "GL-PREM-SM-3Y", OrderLine.PLAN)),
                Instant.now());
        publish(order);
        publish(activated(order));
        single(results(orderId, 1), LicenseNotificationSent.class);
        JsonNode attributes = attributes(only(mailsTo(order)));
        assertThat(attributes.at("/restrictions/plan").asText()).isEqualTo("premium");
        assertThat(attributes.at("/restrictions/active_user_count").asInt()).isEqualTo(40);
        assertThat(attributes.at("/restrictions/add_ons/duo_pro").asInt()).isEqualTo(10);
        assertThat(attributes.get("expires_at").asText()).isEqualTo(
                LocalDate.parse(attributes.get("issued_at").asText()).plusMonths(36).toString());
    }

    @Test
    void whileTheMailServerIsDownTheEmailWaitsAndGoesOutOnceWhenItIsBack() throws Exception {
        System.setProperty(MailServerFaults.DOWN, "true");
        OrderPlaced order = order("barbara+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(activated(order));
        Thread.sleep(1500);
        assertThat(mailsTo(order)).isEmpty();
        System.clearProperty(MailServerFaults.DOWN);

        single(results(order.orderId(), 1), LicenseNotificationSent.class);
        assertThat(mailsTo(order)).hasSize(1);
    }

    @Test
    void aMailServerThatStaysDownOrHungEndsInARetryableFailureAtTheDeadlineAndAnOperatorRetrySendsItOnce()
            throws Exception {
        System.setProperty(MailServerFaults.SILENT_GREETING, "true");
        OrderPlaced order = order("alan+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(activated(order));
        LicenseNotificationFailed failed = single(results(order.orderId(), 1), LicenseNotificationFailed.class);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.source()).isEqualTo("notification");
        assertThat(failed.code()).isEqualTo("deadline_passed");
        assertThat(mailsTo(order)).isEmpty();

        System.clearProperty(MailServerFaults.SILENT_GREETING);
        publish(new OrderRetryRequested(order.orderId(), 1, "operator", order, Instant.now()));
        assertThat(results(order.orderId(), 2)).extracting(e -> e.payload().getClass().getSimpleName())
                .containsExactly("LicenseNotificationFailed", "LicenseNotificationSent");
        assertThat(mailsTo(order)).hasSize(1);
    }

    @Test
    void aMessageTheServerTookWithoutConfirmingIsNeverSentAgainByItself() throws Exception {
        System.setProperty(MailServerFaults.SILENT_AFTER_DATA, "true");
        OrderPlaced order = order("ken+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(activated(order));
        LicenseNotificationFailed unknown = single(results(order.orderId(), 1), LicenseNotificationFailed.class);
        System.clearProperty(MailServerFaults.SILENT_AFTER_DATA);
        assertThat(unknown.code()).isEqualTo("smtp_outcome_unknown");
        assertThat(unknown.retryable()).isTrue();
        // The server did take it: the customer has it, once, however long we wait.
        Thread.sleep(3000);
        assertThat(mailsTo(order)).hasSize(1);
        assertThat(results(order.orderId(), 1)).hasSize(1);

        // An operator who decides it was lost retries the order: the same email again, same Message-ID.
        publish(new OrderRetryRequested(order.orderId(), 1, "operator", order, Instant.now()));
        single(results(order.orderId(), 2).subList(1, 2), LicenseNotificationSent.class);
        assertThat(mailsTo(order)).extracting(MimeMessage::getMessageID).containsOnly(
                "<license-" + order.orderId() + "@marketplace.gitlab.example>").hasSize(2);
    }

    @Test
    void aDatabaseFailureAfterTheServerTookTheMessageIsRetriedWithoutASecondEmail() throws Exception {
        try (var c = connection(); var s = c.createStatement()) {
            s.execute("CREATE SEQUENCE IF NOT EXISTS test_record_failures");
            s.execute("SELECT setval('test_record_failures', 1, false)");
            // Fails the first three records of a sent email (a sequence is not rolled back with the failure).
            s.execute("CREATE OR REPLACE FUNCTION test_fail_sent() RETURNS trigger AS $$ BEGIN "
                    + "IF NEW.state = 'sent' AND NEW.recipient LIKE 'dijkstra+%' AND nextval('test_record_failures') <= 3 "
                    + "THEN RAISE EXCEPTION 'injected database failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
            s.execute("CREATE OR REPLACE TRIGGER test_fail_sent BEFORE UPDATE ON license_email FOR EACH ROW "
                    + "EXECUTE FUNCTION test_fail_sent()");
        }
        try {
            OrderPlaced order = order("dijkstra+" + UUID.randomUUID() + "@acme.example");
            publish(order);
            publish(activated(order));
            single(results(order.orderId(), 1), LicenseNotificationSent.class);
            assertThat(mailsTo(order)).hasSize(1);
            try (var c = connection(); var s = c.createStatement();
                    var failures = s.executeQuery("SELECT last_value FROM test_record_failures")) {
                failures.next();
                assertThat(failures.getLong(1)).as("the record was refused three times").isGreaterThanOrEqualTo(3);
            }
        } finally {
            try (var c = connection(); var s = c.createStatement()) {
                s.execute("DROP TRIGGER IF EXISTS test_fail_sent ON license_email");
            }
        }
    }

    @Test
    void aRecipientTheMailServerRefusesIsAFailureNoRetryFixes() throws Exception {
        OrderPlaced order = order("reject+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(activated(order));
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
                    + "message_id, recipient, state, claimed_by, claim_token, claimed_until, created_at) VALUES (?, ?, ?, "
                    + "'first', ?, ?, 'sending', 'a-process-that-died', gen_random_uuid(), now() - interval '1 minute', "
                    + "now())");
            insertEmail.setObject(1, UUID.randomUUID());
            insertEmail.setObject(2, license);
            insertEmail.setObject(3, order.orderId());
            insertEmail.setString(4, messageId);
            insertEmail.setString(5, order.customer().contact().email());
            insertEmail.executeUpdate();
        }

        publish(activated(order)); // the step runs again after the restart

        assertThat(single(results(order.orderId(), 1), LicenseNotificationSent.class).licenseId())
                .isEqualTo(license.toString());
        assertThat(only(mailsTo(order)).getMessageID()).isEqualTo(messageId);
    }

    @Test
    void anOperatorResendsTheSameLicenseInANewEmail() throws Exception {
        OrderPlaced order = order("margaret+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(activated(order));
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

    @Test
    void eachChangeZuoraMadeBringsOneEmailANewLicenseForMoreSeatsAndAConfirmationForACancel() throws Exception {
        OrderPlaced order = order("changes+" + UUID.randomUUID() + "@acme.example");
        publish(order);
        publish(activated(order));
        single(results(order.orderId(), 1), LicenseNotificationSent.class);

        LocalDate termEnd = LocalDate.now().plusMonths(11);
        ZuoraSubscriptionChanged addSeats = changed(order, SubscriptionChangeRequested.UPDATE_QUANTITY, 40, termEnd,
                null);
        publish(addSeats);
        publish(addSeats); // redelivered
        await().atMost(Duration.ofSeconds(60)).until(() -> mailsTo(order).size() >= 2);
        MimeMessage license = mailsTo(order).stream().filter(mail -> messageId(mail).contains("change-")).findFirst()
                .orElseThrow();
        assertThat(license.getMessageID()).isEqualTo("<change-" + addSeats.changeId() + "@marketplace.gitlab.example>");
        assertThat(license.getSubject()).isEqualTo("Your updated GitLab Premium license (A-S00000900)");
        JsonNode attributes = attributes(license);
        assertThat(attributes.at("/restrictions/active_user_count").asInt()).isEqualTo(40);
        assertThat(attributes.at("/restrictions/add_ons/duo_pro").asInt()).isEqualTo(10);
        assertThat(attributes.get("expires_at").asText()).isEqualTo(termEnd.toString());

        ZuoraSubscriptionChanged cancel = changed(order, SubscriptionChangeRequested.CANCEL, 40, termEnd,
                Instant.now());
        publish(cancel);
        await().atMost(Duration.ofSeconds(60)).until(() -> mailsTo(order).size() >= 3);
        MimeMessage confirmation = mailsTo(order).stream()
                .filter(mail -> messageId(mail).equals("<change-" + cancel.changeId() + "@marketplace.gitlab.example>"))
                .findFirst().orElseThrow();
        assertThat(confirmation.getSubject()).isEqualTo("Your GitLab subscription A-S00000900 ends on " + termEnd);
        assertThat(partOfType(parts(confirmation), "text/plain")).contains("will not renew").contains(termEnd.toString());

        pause();
        assertThat(mailsTo(order)).hasSize(3);
        assertThat(results(order.orderId(), 3)).hasSize(3).allMatch(e -> e.payload() instanceof LicenseNotificationSent);
    }

    private static ZuoraSubscriptionChanged changed(OrderPlaced order, String action, int seats, LocalDate termEnd,
            Instant cancelledAt) {
        List<OrderLine> lines = List.of(new OrderLine("premium-sm-1y", "GitLab Premium (Self-Managed), 1 year", seats,
                12, "premium", "rp", "rpc", "GL-PREM-SM-1Y", OrderLine.PLAN), order.orderLines().get(1));
        return new ZuoraSubscriptionChanged(UUID.randomUUID(), order.orderId(), action, "A-S00000900", 2, "O-2", lines,
                termEnd.minusMonths(12), termEnd, cancelledAt == null, cancelledAt, Instant.now());
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OrderPlaced order(String email) {
        UUID orderId = UUID.randomUUID();
        return new OrderPlaced(orderId, "ptn-test", "PO-" + orderId, "0018X00003TPartnr", "A00001234",
                "0018X00003Distrib",
                new Customer("Acme Corp", new Contact("Ada", "Lovelace", email, null),
                        new Address("1 Main St", null, "Springfield", "IL", "62701", "US")),
                List.of(new OrderLine("premium-sm-1y", "GitLab Premium (Self-Managed), 1 year", 25, 12, "premium",
                                "rp", "rpc", "GL-PREM-SM-1Y", OrderLine.PLAN),
                        new OrderLine("duo-pro-1y", "GitLab Duo Pro add-on, 1 year", 10, 12, "duo_pro", "rp2", "rpc2",
                                "GL-DUO-PRO-1Y", OrderLine.ADD_ON)),
                Instant.now());
    }

    private static ZuoraSubscriptionActivated activated(OrderPlaced order) {
        return new ZuoraSubscriptionActivated(order.orderId(), "A-S00000900", ZuoraSubscriptionActivated.BY_CALLOUT,
                Instant.now());
    }

    private static void publish(MarketplaceEvent event) {
        EventSource source = event.getClass().getPackageName().endsWith("zuora") ? EventSource.ZUORA_CONNECTOR
                : EventSource.ORDER_API;
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

    private static JsonNode attributes(MimeMessage mail) throws Exception {
        JsonNode keys = JSON.readTree(given().get("/api/v1/licenses/public-keys").then().statusCode(200)
                .extract().asString());
        return JSON.readTree(LicenseFile.decode(attachment(mail), IssuerKeys.publicKey(keyPem(keys, "test-key-2"))));
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

    private static Connection connection() throws Exception {
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
