package com.gitlab.marketplace.token;

import static com.gitlab.marketplace.token.TokenServiceApi.issueClient;
import static com.gitlab.marketplace.token.TokenServiceApi.operatorToken;
import static com.gitlab.marketplace.token.TokenServiceApi.registerPartner;
import static com.gitlab.marketplace.token.TokenServiceApi.requestToken;
import static com.gitlab.marketplace.token.TokenServiceApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** No secret and no token ever reaches a log line, at any level the service logs (debug included). */
@QuarkusTest
class LogHygieneTests {

    @Test
    void secretsAndTokensNeverAppearInTheLog() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(new SimpleFormatter().formatMessage(record)
                        + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            String operatorToken = operatorToken();
            Map<String, String> client = issueClient(registerPartner("0018X00003TPartnr"),
                    List.of("marketplace.order:read"));
            String secret = client.get("clientSecret");
            String accessToken = token(client.get("clientId"), secret, "marketplace.order:read");
            requestToken(client.get("clientId"), "wrong-secret-value-123", "marketplace.order:read").statusCode(401);
            String rotated = given().auth().oauth2(operatorToken)
                    .post("/admin/clients/" + client.get("clientId") + "/secret")
                    .then().statusCode(200).extract().path("clientSecret");

            assertThat(lines).as("something was logged during the flow").isNotEmpty();
            for (String sensitive : List.of(secret, rotated, accessToken, operatorToken, "wrong-secret-value-123",
                    TokenServiceApi.OPERATOR_SECRET)) {
                assertThat(lines).noneMatch(line -> line.contains(sensitive));
            }
        } finally {
            root.removeHandler(capture);
        }
    }
}
