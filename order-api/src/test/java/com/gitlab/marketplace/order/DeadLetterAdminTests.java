package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.event.consumer.DeadLetters;
import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventSource;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dead letters as operators meet them: a record order-api's consumer refuses is counted, listed with its reason
 * and replayed; an event that lies in a dead-letter topic (as after a failure since fixed) is replayed to its
 * effect, once however often it is replayed; bad requests are named; partners cannot reach any of it. The broker
 * is shared with the module's other tests, so each test finds its own records by their event id.
 */
@QuarkusTest
class DeadLetterAdminTests {

    private static final String ZUORA_DLQ = Topics.deadLetter(Topics.ZUORA_EVENTS);

    @TestHTTPResource("/")
    URL orderApi;

    private String partnerToken;
    private String externalId;
    private UUID orderId;

    @BeforeEach
    void anOrderInProgress() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        partnerToken = TestTokens.partner(partnerId, "marketplace.order:create marketplace.order:read");
        externalId = newExternalId();
        orderId = UUID.fromString(placeAsync(partnerToken, body(externalId)).statusCode(202).extract().path("id"));
    }

    @Test
    void aRecordTheConsumerRefusesIsCountedAndListedWithItsReasonAndService() {
        double before = deadLettersCounted(ZUORA_DLQ);
        ProducerRecord<String, byte[]> poison = Platform.send(Platform.withPayload(
                EventType.ZUORA_SUBSCRIPTION_CREATED, orderId.toString(), "{\"orderId\": 42"));
        String eventId = eventId(poison);

        Map<String, Object> listed = awaitListed(Topics.ZUORA_EVENTS, eventId);

        assertThat(listed.get("topic")).isEqualTo(ZUORA_DLQ);
        assertThat(listed.get("consumer")).isEqualTo("order-api");
        assertThat((String) listed.get("reason")).isNotBlank();
        assertThat(listed.get("originalTopic")).isEqualTo(Topics.ZUORA_EVENTS);
        assertThat(listed.get("key")).isEqualTo(orderId.toString());
        assertThat(listed.get("eventType")).isEqualTo(EventType.ZUORA_SUBSCRIPTION_CREATED.ceType());
        assertThat((List<?>) listed.get("replays")).isEmpty();
        assertThat(deadLettersCounted(ZUORA_DLQ)).isEqualTo(before + 1);
        JsonPath page = list(Map.of()).statusCode(200).extract().jsonPath();
        assertThat(page.getLong("counts.'" + ZUORA_DLQ + "'")).isPositive();
        assertThat(page.getMap("counts").keySet()).hasSize(Topics.ALL.size());
    }

    @Test
    void aReplayedEventTakesEffectOnceHoweverOftenItIsReplayed() {
        String id = deadLetteredCreation("A-S00000501");
        assertThat(order().getString("subscriptionNumber")).as("not delivered while dead-lettered").isNull();

        JsonPath replayed = replay(Map.of("ids", List.of(id), "reason", "order-api fixed in 1.4.2"))
                .statusCode(202).extract().jsonPath();

        assertThat(replayed.getList("replayed.id")).containsExactly(id);
        assertThat(replayed.getString("replayed[0].replays[0].replayedBy")).isEqualTo("operator");
        assertThat(replayed.getString("replayed[0].replays[0].reason")).isEqualTo("order-api fixed in 1.4.2");
        await().atMost(Duration.ofSeconds(30)).until(() -> "A-S00000501".equals(order().getString(
                "subscriptionNumber")));
        String updatedAt = order().getString("updatedAt");

        JsonPath again = replay(Map.of("ids", List.of(id), "reason", "once more")).statusCode(202).extract()
                .jsonPath();
        assertThat(again.getList("replayed[0].replays.reason")).containsExactly("order-api fixed in 1.4.2",
                "once more");
        // A marker behind the replay on its partition (same key), about another order: once the marker has
        // taken effect, the consumer has read the replay too.
        String markerExternalId = newExternalId();
        UUID markerOrder = UUID.fromString(placeAsync(partnerToken, body(markerExternalId)).statusCode(202).extract()
                .path("id"));
        ProducerRecord<String, byte[]> marker = EventRecords.newRecord(EventSource.ZUORA_CONNECTOR,
                new ZuoraSubscriptionCreated(markerOrder, "A-S00000502", "A00024362", "O-00000502", Instant.now()),
                Instant.now());
        Platform.awaitProcessed(Platform.send(new ProducerRecord<>(Topics.ZUORA_EVENTS, null, orderId.toString(),
                marker.value(), marker.headers())));
        assertThat(order().getString("updatedAt")).as("the second replay changed nothing").isEqualTo(updatedAt);
        assertThat(listedById(Topics.ZUORA_EVENTS, id).get("replays")).asList().hasSize(2);
    }

    @Test
    void replayAllReplaysWhatWasNeverReplayedAndOnlyOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(deadLetteredCreation("A-S0000060" + i));
        }

        JsonPath first = replay(Map.of("all", true, "topic", Topics.ZUORA_EVENTS, "reason", "INC-4712 fixed"))
                .statusCode(202).extract().jsonPath();
        assertThat(first.getList("replayed.id", String.class)).containsAll(ids);
        assertThat(first.getBoolean("more")).isFalse();

        JsonPath second = replay(Map.of("all", true, "topic", ZUORA_DLQ, "reason", "again")).statusCode(202)
                .extract().jsonPath();
        assertThat(second.getList("replayed.id", String.class)).doesNotContainAnyElementsOf(ids);
        await().atMost(Duration.ofSeconds(30)).until(() -> order().getString("subscriptionNumber") != null);
    }

    @Test
    void pagesWalkThroughATopicWithoutLossOrRepeat() {
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ours.add(deadLetteredCreation("A-S0000070" + i));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> query = token == null ? Map.of("topic", ZUORA_DLQ, "pageSize", 2)
                    : Map.of("topic", ZUORA_DLQ, "pageSize", 2, "pageToken", token);
            JsonPath page = list(query).statusCode(200).extract().jsonPath();
            assertThat(page.getList("deadLetters")).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.getList("deadLetters.id", String.class));
            token = page.getString("nextPageToken");
        } while (token != null);
        assertThat(seen).doesNotHaveDuplicates().containsAll(ours);
        assertThat(seen).allSatisfy(id -> assertThat(id).startsWith(ZUORA_DLQ + ":"));
    }

    @Test
    void theCommandLineListsATopicsDeadLettersWithTheirReasonsAndReplaysOne() {
        String id = deadLetteredCreation("A-S00000801");

        AdminCommandLine.Run listed = AdminCommandLine.run(orderApi, "dead-letters", "list", "--topic",
                Topics.ZUORA_EVENTS, "--page-size", "500");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).startsWith(Topics.deadLetter(Topics.PARTNER_EVENTS));
        List<String> lines = listed.out().lines().toList();
        int line = lines.indexOf(lines.stream().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow());
        assertThat(lines.get(line)).contains("order-api").contains(EventType.ZUORA_SUBSCRIPTION_CREATED.ceType())
                .contains(orderId.toString());
        assertThat(lines.get(line + 1)).isEqualTo("    reason: the database refused it (since fixed)");

        AdminCommandLine.Run replayed = AdminCommandLine.run(orderApi, "dead-letters", "replay", id, "--reason",
                "from the command line");
        assertThat(replayed.exitCode()).isZero();
        assertThat(replayed.out()).contains("\"replayedBy\" : \"operator\"").contains("from the command line");
        await().atMost(Duration.ofSeconds(30)).until(() -> "A-S00000801".equals(order().getString(
                "subscriptionNumber")));

        AdminCommandLine.Run bad = AdminCommandLine.run(orderApi, "dead-letters", "replay", "nonsense", "--reason",
                "r");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("validation_failed").contains("ids[0]").doesNotContain("at com.");
    }

    @Test
    void badRequestsAreNamedAndPartnersCannotReachDeadLetters() {
        assertError(list(Map.of("topic", "marketplace.nope")), 422, "validation_failed", "topic");
        assertError(list(Map.of("pageSize", 0)), 422, "validation_failed", "pageSize");
        assertThat(list(Map.of("pageToken", "not-a-token")).statusCode(400).extract().jsonPath()
                .getString("error")).isEqualTo("invalid_page_token");
        assertError(replay(Map.of("ids", List.of("x:0:1"), "reason", "r")), 422, "validation_failed", "ids[0]");
        assertError(replay(Map.of("ids", List.of(ZUORA_DLQ + ":0:1"), "all", true, "reason", "r")), 422,
                "validation_failed", "ids");
        assertError(replay(Map.of("reason", "r")), 422, "validation_failed", "all");
        assertError(replay(Map.of("ids", List.of(ZUORA_DLQ + ":0:1"))), 422, "validation_failed", "reason");
        assertError(replay(Map.of("ids", List.of(ZUORA_DLQ + ":0:1"), "topic", ZUORA_DLQ, "reason", "r")), 422,
                "validation_failed", "topic");
        assertThat(replay(Map.of("ids", List.of(ZUORA_DLQ + ":0:999999999"), "reason", "r")).statusCode(404)
                .extract().jsonPath().getString("error")).isEqualTo("not_found");

        given().auth().oauth2(partnerToken).get("/admin/dead-letters").then().statusCode(403);
        given().auth().oauth2(partnerToken).contentType("application/json")
                .body(Map.of("all", true, "reason", "r")).post("/admin/dead-letters/replay").then().statusCode(403);
        given().get("/admin/dead-letters").then().statusCode(401);
    }

    /** A ZuoraSubscriptionCreated for the order, dead-lettered as below; answers its id once listed. */
    private String deadLetteredCreation(String subscriptionNumber) {
        ProducerRecord<String, byte[]> created = EventRecords.newRecord(EventSource.ZUORA_CONNECTOR,
                new ZuoraSubscriptionCreated(orderId, subscriptionNumber, "A00024362", "O-" + subscriptionNumber,
                        Instant.now()), Instant.now());
        return (String) awaitListed(Topics.ZUORA_EVENTS, eventId(deadLettered(created))).get("id");
    }

    /** The record as a service's consumer would have dead-lettered it: unchanged, with the dead-letter headers. */
    private static ProducerRecord<String, byte[]> deadLettered(ProducerRecord<String, byte[]> record) {
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.deadLetter(record.topic()), null,
                record.key(), record.value(), record.headers());
        letter.headers().add(DeadLetters.REASON_HEADER, bytes("the database refused it (since fixed)"));
        letter.headers().add(DeadLetters.ORIGINAL_TOPIC_HEADER, bytes(record.topic()));
        letter.headers().add(DeadLetters.CONSUMER_HEADER, bytes("order-api"));
        return Platform.send(letter);
    }

    private Map<String, Object> awaitListed(String topic, String eventId) {
        List<Map<String, Object>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            found.addAll(all(topic).stream().filter(letter -> eventId.equals(letter.get("eventId"))).toList());
            return !found.isEmpty();
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private Map<String, Object> listedById(String topic, String id) {
        return all(topic).stream().filter(letter -> id.equals(letter.get("id"))).findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> all(String topic) {
        List<Map<String, Object>> letters = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> query = token == null ? Map.of("topic", topic, "pageSize", 500)
                    : Map.of("topic", topic, "pageSize", 500, "pageToken", token);
            JsonPath page = list(query).statusCode(200).extract().jsonPath();
            letters.addAll(page.getList("deadLetters"));
            token = page.getString("nextPageToken");
        } while (token != null);
        return letters;
    }

    private JsonPath order() {
        return Orders.get(partnerToken, externalId).statusCode(200).extract().jsonPath();
    }

    private static ValidatableResponse list(Map<String, ?> query) {
        return given().auth().oauth2(TestTokens.operator()).queryParams(query).get("/admin/dead-letters").then();
    }

    private static ValidatableResponse replay(Map<String, ?> body) {
        return given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(body)
                .post("/admin/dead-letters/replay").then();
    }

    private static void assertError(ValidatableResponse response, int status, String error, String field) {
        JsonPath body = response.statusCode(status).extract().jsonPath();
        assertThat(body.getString("error")).isEqualTo(error);
        assertThat(body.getList("details.field")).contains(field);
    }

    private static double deadLettersCounted(String topic) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("marketplace_dead_letters_total{")
                        && line.contains("topic=\"" + topic + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static String eventId(ProducerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
