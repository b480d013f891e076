package com.gitlab.marketplace.token;

import static com.gitlab.marketplace.token.TokenServiceApi.OPERATOR_ID;
import static com.gitlab.marketplace.token.TokenServiceApi.OPERATOR_SECRET;
import static com.gitlab.marketplace.token.TokenServiceApi.requestToken;
import static com.gitlab.marketplace.token.TokenServiceApi.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.marketplace.admin.cli.MarketplaceAdmin;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The operators' command line against the running token-service. */
@QuarkusTest
class AdminCliTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onboardsAPartnerAndManagesItsCredentialsFromTheShell() throws Exception {
        String partnerId = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        Result registered = run("partner", "register", "--partner-id", partnerId, "--name", "CLI Partner",
                "--zuora-account", "A00001234", "--salesforce-distributor", "0018X00003Distrib",
                "--trading-partner", "0018X00003TPartnr", "--reads-per-minute", "1200");
        assertThat(registered.exitCode).isZero();
        assertThat(registered.json().path("partnerId").asText()).isEqualTo(partnerId);
        assertThat(registered.json().path("rateLimit").path("ordersPerMinute").asInt()).isEqualTo(600);
        assertThat(registered.json().path("rateLimit").path("readsPerMinute").asInt()).isEqualTo(1200);

        Result updated = run("partner", "update", partnerId, "--name", "CLI Partner Renamed", "--orders-per-minute",
                "60");
        assertThat(updated.json().path("name").asText()).isEqualTo("CLI Partner Renamed");
        assertThat(updated.json().path("rateLimit").path("ordersPerMinute").asInt()).isEqualTo(60);
        // A limit not given keeps its value (the operator API replaces every field).
        assertThat(updated.json().path("rateLimit").path("readsPerMinute").asInt()).isEqualTo(1200);
        assertThat(updated.json().path("permittedTradingPartnerIds").get(0).asText()).isEqualTo("0018X00003TPartnr");
        assertThat(updated.json().path("revision").asInt()).isEqualTo(2);

        Result issued = run("client", "issue", "--partner-id", partnerId, "--scope", "marketplace.order:create",
                "--description", "ERP integration");
        String clientId = issued.json().path("clientId").asText();
        String secret = issued.json().path("clientSecret").asText();
        token(clientId, secret, "marketplace.order:create");

        Result rotated = run("client", "rotate-secret", clientId);
        String newSecret = rotated.json().path("clientSecret").asText();
        requestToken(clientId, secret, "marketplace.order:create").statusCode(401);
        token(clientId, newSecret, "marketplace.order:create");

        assertThat(run("client", "disable", clientId).json().path("enabled").asBoolean()).isFalse();
        requestToken(clientId, newSecret, "marketplace.order:create").statusCode(401);

        Result defaults = run("client", "issue", "--partner-id", partnerId);
        assertThat(defaults.json().path("scopes").toString())
                .contains("marketplace.order:read").contains("marketplace.order:create");

        Result keys = run("signing-key", "list");
        assertThat(keys.json().isArray()).isTrue();
        assertThat(keys.out).doesNotContain("\"d\"");
    }

    @Test
    void reportsApiErrorsInOneLineWithExitCodeOne() {
        Result missing = run("partner", "get", "no-such-partner");
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err).contains("HTTP 404 not_found");

        Result invalid = run("partner", "register", "--name", "X", "--zuora-account", "A1",
                "--salesforce-distributor", "bad");
        assertThat(invalid.exitCode).isEqualTo(1);
        assertThat(invalid.err).contains("validation_failed").contains("salesforceDistributorAccountId");

        Result wrongCredentials = runAs(OPERATOR_ID, "wrong-secret", "partner", "list");
        assertThat(wrongCredentials.exitCode).isEqualTo(1);
        assertThat(wrongCredentials.err).contains("invalid_client").doesNotContain("at com.");
    }

    private Result run(String... args) {
        return runAs(OPERATOR_ID, OPERATOR_SECRET, args);
    }

    private Result runAs(String clientId, String secret, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", "http://localhost:18081", "--client-id", clientId,
                "--client-secret", secret));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = MarketplaceAdmin.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exitCode = line.execute(all.toArray(String[]::new));
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {
        JsonNode json() {
            assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }
}
