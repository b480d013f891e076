package com.gitlab.marketplace.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.infrastructure.embedded.SmtpFront;
import com.gitlab.marketplace.license.format.IssuerKeys;
import com.gitlab.marketplace.license.format.LicenseFile;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The platform as partners, operators and Zuora meet it: the README's main command (every service its own
 * process on the embedded infrastructure, behind the gateway), its demo, then the documented partner flow,
 * the failure paths and services killed mid-flow, each checked through the partner API, the SMTP server's
 * mailbox and the sandboxes' records. One stack for the class; each test uses its own orders and customers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningStack.class)
class EndToEndTests {

    private static final Duration PROVISIONING = Duration.ofSeconds(90);

    private RunningStack running;
    private LocalStack stack;
    private StackClient client;
    private Demo.Result demo;
    private String orders;

    @BeforeAll
    void useTheRunningStack() {
        running = RunningStack.get();
        stack = running.stack();
        demo = running.demo();
        client = new StackClient(stack.gatewayUrl());
        orders = stack.gatewayUrl() + "/api/v1/marketplace/subscriptions";
    }

    @AfterEach
    void healTheSandboxes() {
        stack.smtpFront().fail(SmtpFront.Fault.NONE);
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of());
        client.plain("PUT", stack.salesforceSandboxUrl() + "/sandbox/faults", Map.of());
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/callout-settings", Map.of("delayMs", 200,
                "maxAttempts", 5));
    }

    @Test
    void theDemoTakesAnOrderFromAPartnerTokenToProvisioned() throws Exception {
        assertThat(demo.claims().path("partner_id").asText()).isEqualTo(Demo.PARTNER_ID);
        assertThat(demo.claims().path("scope").asText()).isEqualTo("marketplace.order:create");
        // Tokens name the partner host as their issuer; the operator API is not on it.
        assertThat(demo.claims().path("iss").asText()).isEqualTo(stack.gatewayUrl());
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl()
                + "/admin/partners")).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        // The interactive documentation, where the partner guide's deep links point (API.md §2.3).
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl()
                + "/openapi_docs/marketplace/")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("swagger");
        assertThat(demo.partnerEvent().payload()).isInstanceOfSatisfying(PartnerRegistered.class,
                event -> assertThat(event.partner().permittedTradingPartnerIds())
                        .containsExactly(Demo.TRADING_PARTNER_ID));
        String subscriptionNumber = demo.placed().path("subscriptionNumber").asText();
        assertThat(subscriptionNumber).matches("A-S\\d{8}");
        assertThat(demo.orderStatus().path("status").asText()).isEqualTo("Provisioned");
        assertThat(demo.orderStatus().path("subscriptionNumber").asText()).isEqualTo(subscriptionNumber);
        assertThat(demo.callout().payload()).isInstanceOfSatisfying(ZuoraCalloutReceived.class,
                callout -> assertThat(callout.subscriptionNumber()).isEqualTo(subscriptionNumber));
        assertThat(demo.orderPlaced().payload()).isInstanceOfSatisfying(OrderPlaced.class, placed -> {
            assertThat(placed.partnerId()).isEqualTo(Demo.PARTNER_ID);
            assertThat(placed.externalSubscriptionId()).isEqualTo(Demo.EXTERNAL_SUBSCRIPTION_ID);
        });
        assertProvisionedOnce(demo.placed().path("id").asText(), Demo.CUSTOMER_EMAIL, subscriptionNumber);

        // The demo's change (API.md §2.6): more seats in Zuora (a second version), in the live subscription, and in
        // the customer's new license, each once.
        assertThat(demo.change().path("status").asText()).isEqualTo("Completed");
        JsonNode zuora = elements(sandbox(stack.zuoraSandboxUrl(), "/sandbox/subscriptions")).stream()
                .filter(s -> subscriptionNumber.equals(s.path("subscriptionNumber").asText())).findFirst().orElseThrow();
        assertThat(zuora.path("version").asInt()).isEqualTo(2);
        assertThat(zuora.at("/ratePlans/0/ratePlanCharges/0/quantity").asInt()).isEqualTo(Demo.SEATS_AFTER_CHANGE);
        JsonNode live = StackClient.expect(client.call("GET", stack.gatewayUrl() + "/api/v1/marketplace/subscriptions/"
                + Demo.EXTERNAL_SUBSCRIPTION_ID, partnerToken(), null), 200);
        assertThat(live.at("/orderLines/0/quantity").asInt()).isEqualTo(Demo.SEATS_AFTER_CHANGE);
        assertThat(live.path("termEndDate").asText()).isEqualTo(zuora.path("termEndDate").asText());
        List<MimeMessage> changeEmails = emailsTo(Demo.CUSTOMER_EMAIL).stream()
                .filter(mail -> messageId(mail).startsWith("<change-")).toList();
        assertThat(changeEmails).hasSize(1);
        assertThat(changeEmails.get(0).getSubject()).startsWith("Your updated GitLab");
        JsonNode keys = StackClient.expect(client.call("GET", stack.gatewayUrl() + "/api/v1/licenses/public-keys",
                null, null), 200);
        JsonNode active = elements(keys).stream().filter(k -> k.path("active").asBoolean()).findFirst().orElseThrow();
        JsonNode changed = StackClient.JSON.readTree(LicenseFile.decode(attachment(changeEmails.get(0),
                ".gitlab-license"), IssuerKeys.publicKey(active.path("publicKeyPem").asText())));
        assertThat(changed.at("/restrictions/active_user_count").asInt()).isEqualTo(Demo.SEATS_AFTER_CHANGE);
        assertThat(changed.path("expires_at").asText()).isEqualTo(zuora.path("termEndDate").asText());
        List<JsonNode> changeOpportunities = elements(sandbox(stack.salesforceSandboxUrl(), "/sandbox/records/Opportunity"))
                .stream().filter(o -> subscriptionNumber.equals(o.path("Zuora_Subscription_Number__c").asText())
                        && !o.path("Marketplace_Change_Id__c").asText().isEmpty()).toList();
        assertThat(changeOpportunities).as("Salesforce opportunities of the demo's change").hasSize(1);
        assertThat(changeOpportunities.get(0).path("Type").asText()).isEqualTo("Add-On Business");

        String output = running.printed();
        assertThat(output).contains("curl -s -u '").contains("/oauth/token").contains("is ready after")
                .containsPattern("GET status: Provisioned \\(RateLimit-Remaining \\d+ of 6000 reads a minute\\)");
    }

    @Test
    void thePartnerFlowAsDocumented() throws Exception {
        // Token errors, as API.md §1 lists them.
        HttpResponse<String> badScope = client.requestToken(demo.clientId(), demo.clientSecret(), "marketplace.admin");
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(StackClient.JSON.readTree(badScope.body()).path("error").asText()).isEqualTo("invalid_scope");
        HttpResponse<String> badClient = client.requestToken(demo.clientId(), "mkp_not-the-secret",
                "marketplace.order:create");
        assertThat(badClient.statusCode()).isEqualTo(401);
        assertThat(StackClient.JSON.readTree(badClient.body()).path("error").asText()).isEqualTo("invalid_client");
        assertThat(badClient.headers().firstValue("WWW-Authenticate")).isPresent();

        String token = partnerToken();
        HttpResponse<String> unknown = client.call("GET", orders + "/NO-SUCH-ORDER", token, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        // Every answer to a partner says where it stands against its limit (API.md §2.8), through the gateway.
        assertThat(unknown.headers().firstValue("RateLimit-Limit")).hasValue("6000");
        assertThat(unknown.headers().firstValue("RateLimit-Remaining")).hasValueSatisfying(remaining ->
                assertThat(Integer.parseInt(remaining)).isBetween(0, 5999));
        assertThat(unknown.headers().firstValue("RateLimit-Reset")).isPresent();

        // Zuora's callout held back, so each status shows long enough for a partner polling to see it.
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/callout-settings", Map.of("delayMs", 3000));
        HttpResponse<String> accepted = client.call("POST", orders, token,
                StackClient.order("E2E-FLOW-1", Demo.TRADING_PARTNER_ID, "flow@acme.example"),
                "Prefer", "respond-async");
        JsonNode order = StackClient.expect(accepted, 202);
        assertThat(order.path("status").asText()).isEqualTo("Creating");
        // Relative, so it is the partner host's: never the address of the order-api process behind the gateway.
        assertThat(accepted.headers().firstValue("Location"))
                .hasValue("/api/v1/marketplace/subscriptions/E2E-FLOW-1");

        List<String> statuses = client.awaitStatus(orders + "/E2E-FLOW-1", token, "Provisioned", PROVISIONING);

        assertThat(statuses).containsExactly("Creating", "Created", "Provisioned");
        JsonNode provisioned = get("E2E-FLOW-1", token);
        assertThat(provisioned.path("errors")).isEmpty();
        assertProvisionedOnce(order.path("id").asText(), "flow@acme.example",
                provisioned.path("subscriptionNumber").asText());
    }

    @Test
    void aPermanentZuoraErrorFailsTheOrderWithItsReasonAndAnOperatorRetryProvisionsIt() throws Exception {
        String token = partnerToken();
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of("failNext", 1, "kind", "PERMANENT"));

        HttpResponse<String> refused = client.call("POST", orders, token,
                StackClient.order("E2E-PERMANENT-1", Demo.TRADING_PARTNER_ID, "permanent@acme.example"));

        JsonNode error = StackClient.expect(refused, 422);
        assertThat(error.path("error").asText()).isEqualTo("subscription_failed");
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo("zuora");
        JsonNode failed = get("E2E-PERMANENT-1", token);
        assertThat(failed.path("status").asText()).isEqualTo("Failed");
        assertThat(failed.path("errors").get(0).path("source").asText()).isEqualTo("zuora");
        assertThat(failed.path("errors").get(0).path("message").asText()).isNotBlank();

        String orderId = failed.path("id").asText();
        JsonNode retried = StackClient.expect(client.call("POST", stack.orderApiUrl() + "/admin/orders/" + orderId
                + "/retry", operatorToken(), null), 200);
        assertThat(retried.path("status").asText()).isEqualTo("Creating");

        client.awaitStatus(orders + "/E2E-PERMANENT-1", token, "Provisioned", PROVISIONING);
        JsonNode provisioned = get("E2E-PERMANENT-1", token);
        assertThat(provisioned.path("errors")).isEmpty();
        assertProvisionedOnce(orderId, "permanent@acme.example", provisioned.path("subscriptionNumber").asText());
    }

    @Test
    void aTradingPartnerSalesforceDoesNotKnowIsBilledNeverFailedAndProvisionedOnceTheDataIsFixed() throws Exception {
        String token = partnerToken();
        HttpResponse<String> notPermitted = client.call("POST", orders, token,
                StackClient.order("E2E-TP-1", "0018X00003Nobody", "tp@acme.example"));
        assertThat(StackClient.expect(notPermitted, 422).path("error").asText())
                .isEqualTo("trading_partner_not_permitted");
        assertThat(client.call("GET", orders + "/E2E-TP-1", token, null).statusCode()).isEqualTo(404);

        // Permitted for the partner, but no such trading-partner account in Salesforce: the CRM side refuses it,
        // while Zuora bills the order. The partner must never see Failed (API.md §2.4), nor a 422 for its POST.
        String unknownToSalesforce = "0018X00003Unknown";
        StackClient.expect(client.call("PUT", stack.tokenServiceUrl() + "/admin/partners/" + Demo.PARTNER_ID,
                operatorToken(), Map.of("partnerId", Demo.PARTNER_ID, "name", "Demo Distributor",
                        "zuoraInvoiceOwnerAccountNumber", LocalStack.ZUORA_INVOICE_OWNER,
                        "salesforceDistributorAccountId", "0018X00003Distrib",
                        "permittedTradingPartnerIds", List.of(Demo.TRADING_PARTNER_ID, unknownToSalesforce))), 200);
        HttpResponse<String> placed = placeOnceOrderApiKnows(token,
                StackClient.order("E2E-TP-2", unknownToSalesforce, "tp2@acme.example"), false);
        JsonNode billed = StackClient.expect(placed, 201);
        String subscription = billed.path("subscriptionNumber").asText();
        assertThat(subscription).matches("A-S\\d{8}");

        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode seen = get("E2E-TP-2", token);
        while (seen.path("errors").isEmpty() && System.nanoTime() < until) {
            assertThat(seen.path("status").asText()).isNotEqualTo("Failed");
            Thread.sleep(250);
            seen = get("E2E-TP-2", token);
        }
        assertThat(seen.path("status").asText()).isEqualTo("Creating");
        assertThat(seen.path("subscriptionNumber").asText()).isEqualTo(subscription);
        assertThat(seen.path("errors").get(0).path("source").asText()).isEqualTo("salesforce");
        assertThat(seen.path("errors").get(0).path("code").asText()).isEqualTo("TRADING_PARTNER_NOT_FOUND");
        // A replay of the POST says the same: billed, not 422.
        assertThat(client.call("POST", orders, token, StackClient.order("E2E-TP-2", unknownToSalesforce,
                "tp2@acme.example")).statusCode()).isEqualTo(200);
        String orderId = seen.path("id").asText();
        assertThat(elements(sandbox(stack.zuoraSandboxUrl(), "/sandbox/subscriptions")).stream()
                .filter(s -> s.toString().contains(orderId))).as("Zuora subscriptions of the order").hasSize(1);

        // An administrator makes the account a trading partner in Salesforce; the operator retries the order.
        client.plain("PUT", stack.salesforceSandboxUrl() + "/sandbox/records/Account/" + unknownToSalesforce,
                Map.of("Name", "A late trading partner", "RecordTypeId", "0128X000000TrPaAAA"));
        StackClient.expect(client.call("POST", stack.orderApiUrl() + "/admin/orders/" + orderId + "/retry",
                operatorToken(), null), 200);

        client.awaitStatus(orders + "/E2E-TP-2", token, "Provisioned", PROVISIONING);
        assertThat(get("E2E-TP-2", token).path("errors")).isEmpty();
        assertProvisionedOnce(orderId, "tp2@acme.example", subscription);
    }

    @Test
    void transientFailuresOfZuoraAndSalesforceStillEndProvisionedOnce() throws Exception {
        String token = partnerToken();
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of("failNext", 2, "kind", "SERVER_ERROR"));
        client.plain("PUT", stack.salesforceSandboxUrl() + "/sandbox/faults",
                Map.of("failNext", 2, "kind", "UNABLE_TO_LOCK_ROW"));

        JsonNode accepted = StackClient.expect(client.call("POST", orders, token,
                StackClient.order("E2E-TRANSIENT-1", Demo.TRADING_PARTNER_ID, "transient@acme.example"),
                "Prefer", "respond-async"), 202);

        client.awaitStatus(orders + "/E2E-TRANSIENT-1", token, "Provisioned", PROVISIONING);
        assertProvisionedOnce(accepted.path("id").asText(), "transient@acme.example",
                get("E2E-TRANSIENT-1", token).path("subscriptionNumber").asText());
        assertThat(sandbox(stack.zuoraSandboxUrl(), "/sandbox/faults").path("failNext").asInt())
                .as("Zuora's injected failures were all met").isZero();
    }

    @Test
    void anOrderHeldAtZuoraShowsOnItsTimelineWhatItWaitsForAndARedriveCompletesItOnce() throws Exception {
        String token = partnerToken();
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of("kind", "SERVER_ERROR",
                "failureRate", 1.0));
        String orderId = StackClient.expect(client.call("POST", orders, token,
                StackClient.order("E2E-HELD-1", Demo.TRADING_PARTNER_ID, "held@acme.example"),
                "Prefer", "respond-async"), 202).path("id").asText();
        String detailUrl = stack.orderApiUrl() + "/admin/orders/" + orderId;

        // Salesforce runs beside Zuora: look for Zuora's own tries, not the first try of any service.
        Predicate<JsonNode> zuoraTry = entry -> "try".equals(entry.path("kind").asText())
                && "zuora.create-subscription".equals(entry.path("what").asText());
        JsonNode held = awaitDetail(detailUrl, detail -> detail.path("waitingNow").toString()
                .contains("zuora.create-subscription") && StreamSupport.stream(detail.path("timeline")
                        .spliterator(), false).anyMatch(zuoraTry));
        JsonNode wait = first(held.path("waitingNow"), step -> "zuora.create-subscription".equals(step.path("kind")
                .asText()));
        assertThat(wait.path("service").asText()).isEqualTo("zuora-connector");
        assertThat(wait.path("state").asText()).isEqualTo("pending");
        assertThat(wait.path("nextAttemptAt").asText()).isNotBlank();
        assertThat(wait.path("deadline").asText()).isNotBlank();
        JsonNode tried = first(held.path("timeline"), zuoraTry);
        assertThat(tried.path("source").asText()).isEqualTo("zuora-connector");
        assertThat(tried.path("outcome").asText()).isNotEqualTo("done");
        assertThat(tried.path("durationMs").isNumber()).isTrue();
        assertThat(held.path("unreachable")).isEmpty();

        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of());
        StackClient.expect(client.call("POST", detailUrl + "/redrive", operatorToken(),
                Map.of("reason", "Zuora is back")), 202);
        client.awaitStatus(orders + "/E2E-HELD-1", token, "Provisioned", PROVISIONING);
        assertProvisionedOnce(orderId, "held@acme.example",
                get("E2E-HELD-1", token).path("subscriptionNumber").asText());

        JsonNode done = awaitDetail(detailUrl, detail -> detail.path("waitingNow").isEmpty());
        List<String> lines = new ArrayList<>();
        done.path("timeline").forEach(entry -> lines.add(entry.path("kind").asText() + " "
                + entry.path("source").asText() + " " + entry.path("what").asText() + " "
                + entry.path("outcome").asText()));
        assertThat(lines.get(0)).isEqualTo("order order-api placed ok");
        assertThat(lines).contains("operator order-api redrive ok",
                "try zuora-connector zuora.create-subscription done");
        assertThat(lines).anyMatch(line -> line.startsWith("try salesforce-connector ") && line.endsWith(" done"));
        assertThat(lines).anyMatch(line -> line.startsWith("try notification-service ") && line.endsWith(" done"));
        assertThat(lines).anyMatch(line -> line.startsWith("event notification-service ") && line.endsWith(" ok"));
        assertThat(done.path("steps")).allSatisfy(step -> assertThat(step.path("state").asText()).isEqualTo("done"));
        assertThat(done.path("unreachable")).isEmpty();
    }

    @Test
    void ordersHeldAtSalesforceOrAtZuorasCalloutAreListedStuckWithThatStepAndARedriveCompletesEachOnce()
            throws Exception {
        heldThenRedriven("E2E-HELD-SF", "salesforce", "salesforce.records",
                () -> client.plain("PUT", stack.salesforceSandboxUrl() + "/sandbox/faults",
                        Map.of("failNext", 100_000, "kind", "SERVER_ERROR")),
                () -> client.plain("PUT", stack.salesforceSandboxUrl() + "/sandbox/faults", Map.of()));
        // Zuora creates the subscription, but its activation callout would come only in ten minutes. The list
        // names the step the order's status still lacks (the license email, which follows the callout); the
        // order's own view names the callout.
        heldThenRedriven("E2E-HELD-CALLOUT", "notification", "zuora.await-activation",
                () -> client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/callout-settings",
                        Map.of("delayMs", 600_000, "maxAttempts", 1)),
                () -> { });
    }

    @Test
    void anOrderHeldAtTheMailServerIsListedStuckAtTheEmailAndARedriveSendsItOnce() throws Exception {
        // The mail server drops every connection: nothing is handed over, so the email may be tried again.
        heldThenRedriven("E2E-HELD-SMTP", "notification", "notification.license-email",
                () -> stack.smtpFront().fail(SmtpFront.Fault.DOWN),
                () -> stack.smtpFront().fail(SmtpFront.Fault.NONE));
    }

    /**
     * Places an order while {@code hold} keeps one of its steps from finishing, finds it in the stuck list
     * waiting for {@code step} and on its timeline waiting for {@code kind}, heals, re-drives, and checks it is
     * Provisioned with one subscription, one opportunity and one email.
     */
    private void heldThenRedriven(String externalId, String step, String kind, Runnable hold, Runnable heal)
            throws Exception {
        String token = partnerToken();
        hold.run();
        String email = externalId.toLowerCase(Locale.ROOT) + "@acme.example";
        String orderId = StackClient.expect(client.call("POST", orders, token,
                StackClient.order(externalId, Demo.TRADING_PARTNER_ID, email), "Prefer", "respond-async"), 202)
                .path("id").asText();
        String detailUrl = stack.orderApiUrl() + "/admin/orders/" + orderId;

        awaitDetail(detailUrl, detail -> StreamSupport.stream(detail.path("waitingNow").spliterator(), false)
                .anyMatch(wait -> kind.equals(wait.path("kind").asText())));
        // Listed as stuck once it has not changed for a second (events about its other steps may still arrive).
        String stuckList = stack.orderApiUrl() + "/admin/orders?stuckFor=PT1S&partnerId=" + Demo.PARTNER_ID
                + "&pageSize=200";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode listed = null;
        while (listed == null && System.nanoTime() < deadline) {
            listed = StreamSupport.stream(StackClient.expect(client.call("GET", stuckList, operatorToken(), null), 200)
                    .path("orders").spliterator(), false).filter(order -> orderId.equals(order.path("id").asText()))
                    .findFirst().orElse(null);
            Thread.sleep(listed == null ? 500 : 0);
        }
        assertThat(listed).as(externalId + " in the stuck list").isNotNull();
        assertThat(listed.path("waitingFor").toString()).as(externalId).contains("\"" + step + "\"");

        heal.run();
        StackClient.expect(client.call("POST", detailUrl + "/redrive", operatorToken(),
                Map.of("reason", "healed: " + externalId)), 202);
        client.awaitStatus(orders + "/" + externalId, token, "Provisioned", PROVISIONING);
        assertProvisionedOnce(orderId, email, get(externalId, token).path("subscriptionNumber").asText());
        JsonNode done = awaitDetail(detailUrl, detail -> detail.path("waitingNow").isEmpty());
        assertThat(done.path("timeline").toString()).contains("\"redrive\"");
    }

    private JsonNode awaitDetail(String url, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + PROVISIONING.toNanos();
        JsonNode detail = null;
        while (System.nanoTime() < deadline) {
            detail = StackClient.expect(client.call("GET", url, operatorToken(), null), 200);
            if (wanted.test(detail)) {
                return detail;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the order's operator view never showed what was awaited: " + detail);
    }

    private static JsonNode first(JsonNode array, Predicate<JsonNode> matching) {
        return StreamSupport.stream(array.spliterator(), false).filter(matching).findFirst().orElseThrow(
                () -> new AssertionError("none matching in " + array));
    }

    @Test
    void theDemosWebhookEventsCameInOrderAndVerifyWithTheStandardWebhooksLibraryAcrossARotation() throws Exception {
        List<WebhookReceiver.Received> demoEvents = demo.webhookEvents();
        List<String> steps = new ArrayList<>();
        for (WebhookReceiver.Received event : demoEvents) {
            JsonNode body = event.json();
            String step = body.path("type").asText() + " " + body.at("/data/status").asText();
            if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(step)) {
                steps.add(step);
            }
        }
        // Each status in order (Created may be skipped when the license is mailed before Salesforce is done), the
        // change between the order's Provisioned and the subscription with its new seats.
        assertThat(steps.get(0)).isEqualTo("subscription.updated Creating");
        assertThat(steps.subList(steps.size() - 4, steps.size())).containsExactly("subscription.updated Provisioned",
                "change.updated Pending", "change.updated Completed", "subscription.updated Provisioned");
        assertThat(steps.subList(1, steps.size() - 4)).isSubsetOf("subscription.updated Created");
        assertThat(demoEvents.get(demoEvents.size() - 1).json().at("/data/orderLines/0/quantity").asInt())
                .isEqualTo(Demo.SEATS_AFTER_CHANGE);
        assertThat(demoEvents.stream().map(WebhookReceiver.Received::id).distinct().count())
                .isEqualTo(demoEvents.size());

        // A partner verifies with the reference library, which refuses timestamps older than five minutes: the
        // demo's deliveries are sent again now (same webhook-id, new timestamp), after a rotation of the secret.
        String token = partnerToken();
        String webhook = stack.gatewayUrl() + "/api/v1/marketplace/webhook";
        String rotated = StackClient.expect(client.call("POST", webhook + "/rotate-secret", token, null), 200)
                .path("secret").asText();
        for (WebhookReceiver.Received event : demoEvents) {
            StackClient.expect(client.call("POST", webhook + "/deliveries/" + event.id() + "/redeliver", token, null),
                    202);
        }
        List<String> ids = demoEvents.stream().map(WebhookReceiver.Received::id).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<WebhookReceiver.Received> again;
        do {
            assertThat(System.nanoTime()).as("the redeliveries in time").isLessThan(deadline);
            Thread.sleep(200);
            // Other tests' orders of the demo partner come to the same endpoint: only the demo's, sent again.
            List<WebhookReceiver.Received> all = demo.webhookReceiver().received();
            again = all.subList(demoEvents.size(), all.size()).stream().filter(r -> ids.contains(r.id())).toList();
        } while (again.size() < ids.size());
        assertThat(again).extracting(WebhookReceiver.Received::id).containsExactlyElementsOf(ids);
        Path requests = Files.createTempFile("webhooks", ".json");
        Files.writeString(requests, StackClient.JSON.writeValueAsString(again));
        NodeChecks.Run verified = NodeChecks.script("verify-webhooks.mjs", Map.of("WEBHOOK_REQUESTS",
                requests.toString(), "WEBHOOK_SECRETS", demo.webhookSecret() + "," + rotated + ",whsec_"
                        + Base64.getEncoder().encodeToString(new byte[32])));
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        for (JsonNode result : verified.json()) {
            // Signed with both the previous and the new secret during the overlap; never with a wrong one.
            assertThat(result.path("verifiedBy").toString()).as(result.toString()).isEqualTo("[0,1]");
        }
    }

    @Test
    void servicesKilledWhileZuoraIsAnsweringRestartAndTheOrderCompletesOnce() throws Exception {
        String token = partnerToken();
        // Zuora slow enough that the call is in flight when the connector dies (SIGKILL: no shutdown of any kind).
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of("latencyMs", 4000));
        // Zuora's callout then meets a dead receiver; it keeps retrying (every second, for a minute) until the
        // connector is back. A callout that gives up before is lost: see README, "Failure modes".
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/callout-settings", Map.of("delayMs", 1000,
                "maxAttempts", 60));
        JsonNode accepted = StackClient.expect(client.call("POST", orders, token,
                StackClient.order("E2E-KILL-1", Demo.TRADING_PARTNER_ID, "kill@acme.example"),
                "Prefer", "respond-async"), 202);
        Thread.sleep(1500);
        ServiceProcess zuoraConnector = stack.service("zuora-connector");
        ServiceProcess notificationService = stack.service("notification-service");
        zuoraConnector.kill();
        notificationService.kill();
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of());

        zuoraConnector.restart(Duration.ofSeconds(120));
        notificationService.restart(Duration.ofSeconds(120));

        client.awaitStatus(orders + "/E2E-KILL-1", token, "Provisioned", PROVISIONING);
        assertProvisionedOnce(accepted.path("id").asText(), "kill@acme.example",
                get("E2E-KILL-1", token).path("subscriptionNumber").asText());
    }

    @Test
    void aChangeWhoseServicesAreKilledMidwayIsMadeRecordedAndMailedOnceAndOneZuoraRefusesChangesNothing()
            throws Exception {
        String token = partnerToken();
        StackClient.expect(client.call("POST", orders, token, StackClient.order("E2E-CHG-1", Demo.TRADING_PARTNER_ID,
                "change@acme.example")), 201);
        client.awaitStatus(orders + "/E2E-CHG-1", token, "Provisioned", PROVISIONING);
        String subscriptionNumber = get("E2E-CHG-1", token).path("subscriptionNumber").asText();

        // Zuora slow enough that the amendment is in flight when every service acting on the change dies (SIGKILL).
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of("latencyMs", 4000));
        StackClient.expect(client.call("POST", orders + "/E2E-CHG-1/changes", token, Map.of("externalChangeId",
                "E2E-CHG-1-A1", "action", "updateQuantity", "orderLines", List.of(Map.of("productId",
                        "premium-saas-1y", "quantity", 35)))), 202);
        Thread.sleep(1500);
        List<ServiceProcess> killed = List.of(stack.service("zuora-connector"), stack.service("salesforce-connector"),
                stack.service("notification-service"));
        for (ServiceProcess service : killed) {
            service.kill();
        }
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of());
        for (ServiceProcess service : killed) {
            service.restart(Duration.ofSeconds(120));
        }

        assertThat(awaitChange("E2E-CHG-1", "E2E-CHG-1-A1", token).path("status").asText()).isEqualTo("Completed");
        JsonNode zuora = zuoraSubscription(subscriptionNumber);
        assertThat(zuora.path("version").asInt()).as("Zuora versions after the change").isEqualTo(2);
        assertThat(zuora.at("/ratePlans/0/ratePlanCharges/0/quantity").asInt()).isEqualTo(35);
        long deadline = System.nanoTime() + PROVISIONING.toNanos();
        while (changeEmails("change@acme.example").isEmpty() || salesforceChanges(subscriptionNumber).isEmpty()) {
            assertThat(System.nanoTime()).as("the change's email and Salesforce records in time").isLessThan(deadline);
            Thread.sleep(250);
        }
        Thread.sleep(3000); // long enough for a second effect of a retried step to show
        assertThat(changeEmails("change@acme.example")).hasSize(1);
        assertThat(salesforceChanges(subscriptionNumber)).hasSize(1);

        // Zuora refuses the next one: Failed, and billing is as it was.
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of("kind", "PERMANENT", "failNext", 1));
        StackClient.expect(client.call("POST", orders + "/E2E-CHG-1/changes", token, Map.of("externalChangeId",
                "E2E-CHG-1-A2", "action", "updateQuantity", "orderLines", List.of(Map.of("productId",
                        "premium-saas-1y", "quantity", 50)))), 202);
        JsonNode refused = awaitChange("E2E-CHG-1", "E2E-CHG-1-A2", token);
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of());
        assertThat(refused.path("status").asText()).isEqualTo("Failed");
        assertThat(refused.at("/errors/0/source").asText()).isEqualTo("zuora");
        assertThat(zuoraSubscription(subscriptionNumber).path("version").asInt()).isEqualTo(2);
        assertThat(get("E2E-CHG-1", token).at("/orderLines/0/quantity").asInt()).isEqualTo(35);
    }

    /** The change once it is no longer Pending. */
    private JsonNode awaitChange(String externalSubscriptionId, String externalChangeId, String token)
            throws InterruptedException {
        String url = orders + "/" + externalSubscriptionId + "/changes/" + externalChangeId;
        long deadline = System.nanoTime() + PROVISIONING.toNanos();
        while (true) {
            JsonNode change = StackClient.expect(client.call("GET", url, token, null), 200);
            if (!"Pending".equals(change.path("status").asText()) || System.nanoTime() > deadline) {
                return change;
            }
            Thread.sleep(250);
        }
    }

    private JsonNode zuoraSubscription(String subscriptionNumber) {
        return elements(sandbox(stack.zuoraSandboxUrl(), "/sandbox/subscriptions")).stream()
                .filter(s -> subscriptionNumber.equals(s.path("subscriptionNumber").asText())).findFirst().orElseThrow();
    }

    private List<MimeMessage> changeEmails(String address) throws Exception {
        return emailsTo(address).stream().filter(mail -> messageId(mail).startsWith("<change-")).toList();
    }

    private List<JsonNode> salesforceChanges(String subscriptionNumber) {
        return elements(sandbox(stack.salesforceSandboxUrl(), "/sandbox/records/Opportunity")).stream()
                .filter(o -> subscriptionNumber.equals(o.path("Zuora_Subscription_Number__c").asText())
                        && !o.path("Marketplace_Change_Id__c").asText().isEmpty()).toList();
    }

    @Test
    void aZuoraThatHangsLongerThanAnyTimeoutClosesNothingStopsNoOtherWorkAndItsOrdersCompleteOnce() throws Exception {
        String token = partnerToken();
        // Every call to Zuora hangs until the connector's 30 s timeout: longer than SmallRye's 60 s limit on an
        // unacknowledged record once two calls have hung, and than every retry schedule's first steps.
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of("kind", "TIMEOUT", "failureRate", 1.0));
        JsonNode first = StackClient.expect(client.call("POST", orders, token,
                StackClient.order("E2E-HANG-1", Demo.TRADING_PARTNER_ID, "hang1@acme.example"),
                "Prefer", "respond-async"), 202);
        long hangStarted = System.nanoTime();
        Thread.sleep(20_000);
        JsonNode second = StackClient.expect(client.call("POST", orders, token,
                StackClient.order("E2E-HANG-2", Demo.TRADING_PARTNER_ID, "hang2@acme.example"),
                "Prefer", "respond-async"), 202);

        // What does not need Zuora goes on: both orders' Salesforce records are made meanwhile.
        for (JsonNode order : List.of(first, second)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (salesforceOpportunities(order.path("id").asText()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(salesforceOpportunities(order.path("id").asText())).as("opportunities while Zuora hangs")
                    .isEqualTo(1);
        }
        while (System.nanoTime() - hangStarted < Duration.ofSeconds(75).toNanos()) {
            Thread.sleep(5_000);
            for (ServiceProcess service : stack.services().values()) {
                if (!service.name().startsWith("sandboxes")) {
                    assertThat(client.call("GET", service.baseUrl() + "/q/health/live", null, null).statusCode())
                            .as(service.name() + " liveness while Zuora hangs").isEqualTo(200);
                }
            }
        }
        assertThat(get("E2E-HANG-1", token).path("status").asText()).isEqualTo("Creating");

        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/faults", Map.of());
        client.awaitStatus(orders + "/E2E-HANG-1", token, "Provisioned", Duration.ofSeconds(150));
        client.awaitStatus(orders + "/E2E-HANG-2", token, "Provisioned", Duration.ofSeconds(150));
        assertProvisionedOnce(first.path("id").asText(), "hang1@acme.example",
                get("E2E-HANG-1", token).path("subscriptionNumber").asText());
        assertProvisionedOnce(second.path("id").asText(), "hang2@acme.example",
                get("E2E-HANG-2", token).path("subscriptionNumber").asText());
    }

    private long salesforceOpportunities(String orderId) {
        return elements(sandbox(stack.salesforceSandboxUrl(), "/sandbox/records/Opportunity")).stream()
                .filter(r -> orderId.equals(r.path("Marketplace_Order_Id__c").asText())).count();
    }

    @Test
    void noRequestStallsOnTheShippedSettings() throws Exception {
        // Over IPv4 loopback (where a gateway's X-Forwarded-For is checked), no request of a few hundred may
        // stall: a per-request DNS lookup once made one in ~55 wait 5 s.
        assertThat(stalls(URI.create(stack.tokenServiceUrl().replace("localhost", "127.0.0.1")), 300))
                .as("token-service answers slower than 1 s").isEmpty();
        assertThat(stalls(URI.create(stack.orderApiUrl().replace("localhost", "127.0.0.1")), 300))
                .as("order-api answers slower than 1 s").isEmpty();
    }

    /**
     * Exactly one subscription in Zuora and one set of records in Salesforce for the order, and exactly one
     * email to its customer carrying a license that verifies with the issuer's published key.
     */
    private void assertProvisionedOnce(String orderId, String customerEmail, String subscriptionNumber)
            throws Exception {
        List<JsonNode> subscriptions = elements(sandbox(stack.zuoraSandboxUrl(), "/sandbox/subscriptions")).stream()
                .filter(s -> s.toString().contains(orderId)).toList();
        assertThat(subscriptions).as("Zuora subscriptions for order " + orderId).hasSize(1);
        assertThat(subscriptions.get(0).toString()).contains(subscriptionNumber);
        for (String type : List.of("Account", "Contact", "Opportunity")) {
            assertThat(elements(sandbox(stack.salesforceSandboxUrl(), "/sandbox/records/" + type)).stream()
                    .filter(r -> orderId.equals(r.path("Marketplace_Order_Id__c").asText())))
                    .as("Salesforce " + type + " records for order " + orderId).hasSize(1);
        }
        assertThat(elements(sandbox(stack.salesforceSandboxUrl(), "/sandbox/records/OpportunityLineItem")).stream()
                .filter(r -> r.path("Marketplace_Line_Id__c").asText().startsWith(orderId)))
                .as("Salesforce OpportunityLineItem records for order " + orderId).hasSize(1);

        // Provisioned is projected from the notification's event, which follows the SMTP server's acceptance.
        // The order's own license email (a change to the subscription brings another, with its own Message-ID).
        List<MimeMessage> emails = emailsTo(customerEmail).stream().filter(mail -> messageId(mail)
                .startsWith("<license-" + orderId)).toList();
        assertThat(emails).as("emails to " + customerEmail).hasSize(1);
        assertThat(emails.get(0).getSubject()).contains(subscriptionNumber);
        String license = attachment(emails.get(0), ".gitlab-license");
        assertThat(license).as("the license attachment").isNotNull();
        JsonNode keys = StackClient.expect(client.call("GET", stack.gatewayUrl() + "/api/v1/licenses/public-keys",
                null, null), 200);
        JsonNode active = elements(keys).stream().filter(k -> k.path("active").asBoolean()).findFirst().orElseThrow();
        JsonNode attributes = StackClient.JSON.readTree(LicenseFile.decode(license,
                IssuerKeys.publicKey(active.path("publicKeyPem").asText())));
        assertThat(attributes.toString()).contains(customerEmail).contains(subscriptionNumber);
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<MimeMessage> emailsTo(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : stack.smtp().receivedMessages()) {
            if (address.equals(String.valueOf(message.getAllRecipients()[0]))) {
                found.add(message);
            }
        }
        return found;
    }

    private static String attachment(Part part, String suffix) throws Exception {
        if (part.getFileName() != null && part.getFileName().endsWith(suffix)) {
            return new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = attachment(multipart.getBodyPart(i), suffix);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Test
    void aRevokedSigningKeyStopsVerifyingWhileTheNextKeysTokensWorkAtOnce() throws Exception {
        String signedByTheLeakedKey = partnerToken();
        String leakedKid = kidOf(signedByTheLeakedKey);
        String status = orders + "/" + Demo.EXTERNAL_SUBSCRIPTION_ID;
        assertThat(client.call("GET", status, signedByTheLeakedKey, null).statusCode()).isEqualTo(200);

        StackClient.expect(client.call("POST", stack.tokenServiceUrl() + "/admin/signing-keys/" + leakedKid
                + "/revoke", operatorToken(), null), 200);

        // The next key signs at once, and order-api fetches a key the moment a token names it: no lock-out.
        String signedByTheNextKey = partnerToken();
        assertThat(kidOf(signedByTheNextKey)).isNotEqualTo(leakedKid);
        assertThat(client.call("GET", status, signedByTheNextKey, null).statusCode()).isEqualTo(200);
        // The leaked key's tokens stop once order-api's cached copy of that key expires (30 s, checked every 15 s)
        // and its trust in an already verified token lapses (30 s), even while they keep coming.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int answer = 200;
        while (answer == 200 && System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            answer = client.call("GET", status, signedByTheLeakedKey, null).statusCode();
        }
        assertThat(answer).as("a token of the revoked key, two minutes on").isEqualTo(401);
        assertThat(client.call("GET", status, signedByTheNextKey, null).statusCode()).isEqualTo(200);
    }

    @Test
    void disablingAClientOrAPartnerEndsItsTokensWithinSecondsAndAnOperatorClientsAtOnce() throws Exception {
        String admin = stack.tokenServiceUrl() + "/admin";
        String demoOrder = orders + "/" + demo.placed().path("externalSubscriptionId").asText();
        JsonNode issued = StackClient.expect(client.call("POST", admin + "/clients", operatorToken(),
                Map.of("partnerId", Demo.PARTNER_ID, "scopes", List.of("marketplace.order:read"))), 201);
        String clientId = issued.path("clientId").asText();
        String reader = client.token(clientId, issued.path("clientSecret").asText(), "marketplace.order:read")
                .path("access_token").asText();
        assertThat(client.call("GET", demoOrder, reader, null).statusCode()).isEqualTo(200);

        // token-service publishes the disable; order-api refuses the client's unexpired token within seconds.
        StackClient.expect(client.call("POST", admin + "/clients/" + clientId + "/disable", operatorToken(), null), 200);
        assertThat(secondsUntil(demoOrder, reader, 401)).as("seconds until the disabled client's token is refused")
                .isLessThan(10);
        assertThat(client.call("GET", demoOrder, partnerToken(), null).statusCode())
                .as("the partner's other client").isEqualTo(200);

        // A partner disabled: its clients get no tokens and the tokens they hold read nothing.
        String partnerId = "ptn-e2e-disabled";
        StackClient.expect(client.call("POST", admin + "/partners", operatorToken(), partner(partnerId, true)), 201);
        JsonNode partnerClient = StackClient.expect(client.call("POST", admin + "/clients", operatorToken(),
                Map.of("partnerId", partnerId, "scopes", List.of("marketplace.order:read"))), 201);
        String partnersToken = client.token(partnerClient.path("clientId").asText(),
                partnerClient.path("clientSecret").asText(), "marketplace.order:read").path("access_token").asText();
        String unknownOrder = orders + "/E2E-NONE";
        assertThat(client.call("GET", unknownOrder, partnersToken, null).statusCode())
                .as("an enabled partner's token reads (no such order)").isEqualTo(404);
        StackClient.expect(client.call("PUT", admin + "/partners/" + partnerId, operatorToken(),
                partner(partnerId, false)), 200);
        // 403 only once order-api knows the partner and that it is disabled (an unknown partner reads 404).
        assertThat(secondsUntil(unknownOrder, partnersToken, 403)).as("seconds until the partner's token is refused")
                .isLessThan(10);
        assertThat(client.requestToken(partnerClient.path("clientId").asText(),
                partnerClient.path("clientSecret").asText(), "marketplace.order:read").statusCode()).isEqualTo(401);

        // An operator client disabled: its unexpired token can no longer mint clients, from the next call.
        JsonNode operator = StackClient.expect(client.call("POST", admin + "/clients", operatorToken(),
                Map.of("scopes", List.of("marketplace.admin"))), 201);
        String operatorsToken = client.token(operator.path("clientId").asText(),
                operator.path("clientSecret").asText(), "marketplace.admin").path("access_token").asText();
        StackClient.expect(client.call("POST", admin + "/clients/" + operator.path("clientId").asText() + "/disable",
                operatorToken(), null), 200);
        assertThat(client.call("POST", admin + "/clients", operatorsToken, Map.of("scopes",
                List.of("marketplace.admin"))).statusCode()).isEqualTo(401);
        // order-api's operator API refuses it within seconds too (its ClientUpdated event).
        assertThat(secondsUntil(stack.orderApiUrl() + "/admin/orders", operatorsToken, 401))
                .as("seconds until order-api refuses the disabled operator's token").isLessThan(10);
    }

    @Test
    void aPartnersLimitHoldsAcrossTwoOrderApiReplicas() throws Exception {
        String admin = stack.tokenServiceUrl() + "/admin";
        String partnerId = "ptn-e2e-limited";
        Map<String, Object> limited = new HashMap<>(partner(partnerId, true));
        limited.put("rateLimit", Map.of("readsPerMinute", 12));
        StackClient.expect(client.call("POST", admin + "/partners", operatorToken(), limited), 201);
        JsonNode partnerClient = StackClient.expect(client.call("POST", admin + "/clients", operatorToken(),
                Map.of("partnerId", partnerId, "scopes", List.of("marketplace.order:read"))), 201);
        String token = client.token(partnerClient.path("clientId").asText(),
                partnerClient.path("clientSecret").asText(), "marketplace.order:read").path("access_token").asText();
        String viaGateway = orders + "/E2E-NONE";
        try (ServiceProcess second = stack.service("order-api").replica(RunningStack.PORTS.gateway() + 20)) {
            second.awaitReady(Duration.ofSeconds(120), waited -> { });
            String viaSecond = second.baseUrl() + "/api/v1/marketplace/subscriptions/E2E-NONE";
            // Until order-api knows the partner's limit, answers carry the default one.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!client.call("GET", viaGateway, token, null).headers().firstValue("RateLimit-Limit")
                    .orElse("").equals("12")) {
                assertThat(System.nanoTime()).as("order-api learns the limit within 30 s").isLessThan(deadline);
                Thread.sleep(200);
            }

            // Alternately through each replica: one bucket, so each answer has one call less left than the last,
            // whichever replica gave it, until both refuse.
            List<String> answers = new ArrayList<>();
            long remaining = Long.MAX_VALUE;
            int served = 0;
            for (int call = 0; call < 30 && !(answers.size() >= 2 && answers.get(answers.size() - 1).startsWith("429")
                    && answers.get(answers.size() - 2).startsWith("429")); call++) {
                HttpResponse<String> answer = client.call("GET", call % 2 == 0 ? viaGateway : viaSecond, token, null);
                long left = Long.parseLong(answer.headers().firstValue("RateLimit-Remaining").orElseThrow());
                answers.add(answer.statusCode() + " remaining " + left + (call % 2 == 0 ? " (first)" : " (second)"));
                if (answer.statusCode() == 404) {
                    served++;
                    assertThat(left).as("calls left after %s", answers).isLessThan(remaining);
                    remaining = left;
                }
            }
            assertThat(answers.get(answers.size() - 1)).startsWith("429");
            assertThat(answers.get(answers.size() - 2)).startsWith("429");
            // 12 a minute refill one call every 5 s: at most one more than the limit while this runs.
            assertThat(served).as("calls served of a limit of 12: %s", answers).isBetween(8, 13);
        }
    }

    private static Map<String, Object> partner(String partnerId, boolean enabled) {
        return Map.of("partnerId", partnerId, "name", "Disabled in the end-to-end test",
                "zuoraInvoiceOwnerAccountNumber", LocalStack.ZUORA_INVOICE_OWNER,
                "salesforceDistributorAccountId", "0018X00003Distrib",
                "permittedTradingPartnerIds", List.of(Demo.TRADING_PARTNER_ID), "enabled", enabled);
    }

    /** Seconds until a GET with {@code token} is answered {@code status}; fails after 30 s. */
    private double secondsUntil(String url, String token, int status) throws InterruptedException {
        long start = System.nanoTime();
        while (client.call("GET", url, token, null).statusCode() != status) {
            if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
                throw new AssertionError("GET " + url + " was never answered " + status + " within 30 s");
            }
            Thread.sleep(200);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static String kidOf(String jwt) throws IOException {
        return StackClient.JSON.readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))))
                .path("kid").asText();
    }

    private String partnerToken() {
        return client.token(demo.clientId(), demo.clientSecret(), "marketplace.order:create").path("access_token")
                .asText();
    }

    private String operatorToken() {
        return client.token(stack.operatorId(), stack.operatorSecret(), "marketplace.admin").path("access_token")
                .asText();
    }

    private JsonNode get(String externalSubscriptionId, String token) {
        return StackClient.expect(client.call("GET", orders + "/" + externalSubscriptionId, token, null), 200);
    }

    /** Places an order, retrying while order-api has not yet learned of a partner change (422 until then). */
    private HttpResponse<String> placeOnceOrderApiKnows(String token, Map<String, Object> order, boolean async)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = async ? client.call("POST", orders, token, order, "Prefer", "respond-async")
                    : client.call("POST", orders, token, order);
            if (response.statusCode() != 422 || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(250);
        }
    }

    private JsonNode sandbox(String baseUrl, String path) {
        return client.plain("GET", baseUrl + path, null);
    }

    private static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> stalls(URI service, int requests) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpRequest request = HttpRequest.newBuilder(service.resolve("/q/health/live"))
                    .header("X-Forwarded-For", "203.0.113." + (i % 250 + 1))
                    .timeout(Duration.ofSeconds(30)).build();
            long start = System.nanoTime();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(status).isEqualTo(200);
            if (millis > 1000) {
                slow.add("request " + i + " took " + millis + " ms");
            }
        }
        return slow;
    }
}
