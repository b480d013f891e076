package com.gitlab.marketplace.token;

import static com.gitlab.marketplace.token.TokenServiceApi.issueClient;
import static com.gitlab.marketplace.token.TokenServiceApi.operatorToken;
import static com.gitlab.marketplace.token.TokenServiceApi.requestToken;
import static com.gitlab.marketplace.token.TokenServiceApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.gitlab.marketplace.token.client.BootstrapAdminClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The configured operator client is created on a fresh install and never brought back by a restart. */
@QuarkusTest
class BootstrapAdminClientTests {

    private static final String CONFIGURED_SECRET = "configured-operator-secret-from-the-environment-0123";

    @Inject
    BootstrapAdminClient bootstrap;

    @Test
    void aFreshInstallGetsTheConfiguredOperatorClient() {
        String clientId = "operator-" + UUID.randomUUID();
        assertThat(bootstrap.createIfAbsent(clientId, CONFIGURED_SECRET)).isTrue();
        token(clientId, CONFIGURED_SECRET, "marketplace.admin");
    }

    @Test
    void aRestartDoesNotReEnableADisabledOperatorClient() {
        Map<String, String> client = issueClient(null, List.of("marketplace.admin"));
        String clientId = client.get("clientId");
        given().auth().oauth2(operatorToken()).post("/admin/clients/" + clientId + "/disable")
                .then().statusCode(200);

        // The next start is configured with this client id and a secret from the environment.
        assertThat(bootstrap.createIfAbsent(clientId, CONFIGURED_SECRET)).isFalse();

        requestToken(clientId, CONFIGURED_SECRET, "marketplace.admin").statusCode(401);
        requestToken(clientId, client.get("clientSecret"), "marketplace.admin").statusCode(401);
    }

    @Test
    void aRestartDoesNotRestoreTheSecretAnOperatorRotatedAway() {
        String clientId = "operator-" + UUID.randomUUID();
        bootstrap.createIfAbsent(clientId, CONFIGURED_SECRET);
        String rotated = given().auth().oauth2(operatorToken()).post("/admin/clients/" + clientId + "/secret")
                .then().statusCode(200).extract().path("clientSecret");

        bootstrap.createIfAbsent(clientId, CONFIGURED_SECRET);

        requestToken(clientId, CONFIGURED_SECRET, "marketplace.admin").statusCode(401);
        token(clientId, rotated, "marketplace.admin");
    }
}
