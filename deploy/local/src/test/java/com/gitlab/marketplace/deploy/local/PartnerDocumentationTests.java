package com.gitlab.marketplace.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The partner's first hour, with the tools partners use, on the running stack: the API documents through the
 * standard linters, the interactive documentation in a real browser (Debian's Chromium), and discovery and
 * tokens through a standard OAuth client library.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningStack.class)
class PartnerDocumentationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalStack stack;
    private Demo.Result demo;

    @BeforeAll
    void useTheRunningStack() {
        stack = RunningStack.get().stack();
        demo = RunningStack.get().demo();
    }

    @Test
    void everyApiDocumentPassesRedoclyAndSpectralWithoutAFinding() throws Exception {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("partner (partner host)", stack.gatewayUrl() + "/openapi");
        documents.put("order-api operator", stack.orderApiUrl() + "/q/openapi-operator");
        documents.put("token-service operator", stack.tokenServiceUrl() + "/q/openapi-operator");
        documents.put("notification-service operator",
                stack.service("notification-service").baseUrl() + "/q/openapi-operator");
        for (Map.Entry<String, String> document : documents.entrySet()) {
            Path file = Files.createTempFile("api-document", ".yaml");
            HTTP.send(HttpRequest.newBuilder(URI.create(document.getValue())).build(),
                    HttpResponse.BodyHandlers.ofFile(file));

            // Redocly's recommended rules; Spectral's spectral:oas ruleset (.spectral.yaml). Warnings count too.
            NodeChecks.Run redocly = NodeChecks.tool("redocly", List.of("lint", "--format=json", file.toString()));
            JsonNode totals = redocly.json().path("totals");
            assertThat(totals.path("errors").asInt() + totals.path("warnings").asInt())
                    .as("Redocly on the %s document:\n%s", document.getKey(), redocly).isZero();
            NodeChecks.Run spectral = NodeChecks.tool("spectral", List.of("lint", "--ruleset",
                    NodeChecks.HOME.resolve(".spectral.yaml").toString(), "--format=json", "--quiet",
                    "--fail-severity=hint", file.toString()));
            assertThat(spectral.exitCode()).as("Spectral on the %s document:\n%s", document.getKey(), spectral)
                    .isZero();
            assertThat(StackClient.JSON.readTree(spectral.stdout().isBlank() ? "[]" : spectral.stdout()))
                    .as("Spectral's findings on the %s document", document.getKey()).isEmpty();
        }
    }

    @Test
    void theInteractiveDocumentationAuthorizesPlacesAndReadsAnOrderInABrowser() throws Exception {
        Path screenshot = Path.of("target", "partner-api-documentation.png").toAbsolutePath();
        NodeChecks.Run browser = NodeChecks.script("partner-documentation-in-browser.mjs", Map.of(
                "GATEWAY_URL", stack.gatewayUrl(),
                "CLIENT_ID", demo.clientId(),
                "CLIENT_SECRET", demo.clientSecret(),
                "EXTERNAL_ID", "E2E-BROWSER-1",
                "TRADING_PARTNER_ID", Demo.TRADING_PARTNER_ID,
                "SCREENSHOT", screenshot.toString()));

        assertThat(browser.exitCode()).as("the browser script:\n%s", browser).isZero();
        JsonNode seen = browser.json();
        // The partner guide's deep links open their operations.
        assertThat(seen.path("deepLinks").path("post_oauth_token").asBoolean()).isTrue();
        assertThat(seen.path("deepLinks").path("post_api_v1_marketplace_subscriptions").asBoolean()).isTrue();
        assertThat(seen.path("deepLinks").path("get_api_v1_marketplace_subscriptions__external_subscription_id_")
                .asBoolean()).isTrue();
        // Authorize got a token from the partner host; Try it out placed the order and read it back.
        assertThat(seen.path("authorized").asBoolean()).isTrue();
        assertThat(seen.path("placeStatus").asText()).isIn("201", "202");
        assertThat(StackClient.JSON.readTree(seen.path("placeBody").asText()).path("externalSubscriptionId")
                .asText()).isEqualTo("E2E-BROWSER-1");
        assertThat(seen.path("readStatus").asText()).isEqualTo("200");
        assertThat(StackClient.JSON.readTree(seen.path("readBody").asText()).path("status").asText())
                .isIn("Creating", "Created", "Provisioned");
        // Nothing the page asked for failed, and it logged no error.
        assertThat(seen.path("consoleErrors")).as("console errors").isEmpty();
        assertThat(seen.path("failedRequests")).as("failed requests").isEmpty();
        assertThat(screenshot).isNotEmptyFile();
    }

    @Test
    void aStandardOAuthClientDiscoversTheServerAndGetsTokensWithBasicAndBodyCredentials() throws Exception {
        NodeChecks.Run client = NodeChecks.script("client-libraries.mjs", Map.of(
                "ISSUER", stack.gatewayUrl(),
                "CLIENT_ID", demo.clientId(),
                "CLIENT_SECRET", demo.clientSecret()));

        assertThat(client.exitCode()).as("openid-client:\n%s", client).isZero();
        for (String method : List.of("client_secret_basic", "client_secret_post")) {
            JsonNode grant = client.json().path(method);
            assertThat(grant.path("tokenType").asText()).as(method).isEqualToIgnoringCase("bearer");
            assertThat(grant.path("scope").asText()).as(method).isEqualTo("marketplace.order:read");
            assertThat(grant.path("tokenEndpoint").asText()).as(method).isEqualTo(stack.gatewayUrl() + "/oauth/token");
        }
    }
}
