package com.gitlab.marketplace.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The JWKS and the metadata documents (RFC 8414 and OpenID discovery). */
@QuarkusTest
class DiscoveryTests {

    @Test
    void bothMetadataDocumentsDescribeTheServer() {
        for (String path : new String[] {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"}) {
            given().get(path).then().statusCode(200)
                    .body("issuer", equalTo("http://localhost:18081"))
                    .body("token_endpoint", equalTo("http://localhost:18081/oauth/token"))
                    .body("jwks_uri", equalTo("http://localhost:18081/oauth/jwks"))
                    .body("grant_types_supported", hasItem("client_credentials"))
                    .body("token_endpoint_auth_methods_supported", hasItems("client_secret_basic", "client_secret_post"))
                    .body("scopes_supported", hasItems("marketplace.order:read", "marketplace.order:create"))
                    .body("service_documentation", equalTo("http://localhost:18081/openapi_docs/marketplace/"))
                    // Only what the server supports: no authorization endpoint, so no response type, and
                    // nothing of OpenID Connect's ID tokens.
                    .body("response_types_supported", empty())
                    .body("authorization_endpoint", nullValue())
                    .body("id_token_signing_alg_values_supported", nullValue())
                    .body("subject_types_supported", nullValue())
                    .body("grant_types_supported", contains("client_credentials"));
        }
    }

    @Test
    void theJwksPublishesOnlyPublicEcKeys() {
        given().get("/oauth/jwks").then().statusCode(200)
                .body("keys.kty", everyItem(equalTo("EC")))
                .body("keys.crv", everyItem(equalTo("P-256")))
                .body("keys.alg", everyItem(equalTo("ES256")))
                .body("keys.use", everyItem(equalTo("sig")))
                .body("keys[0].kid", notNullValue())
                .body("keys[0].d", nullValue());
    }

    @Test
    void healthAndMetricsAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void theOperatorApiDocumentListsTheOperatorOperationsOnly() {
        given().queryParam("format", "json").get("/q/openapi-operator").then().statusCode(200)
                .body("paths.keySet()", hasItems("/admin/clients", "/admin/partners", "/admin/signing-keys/rotate"))
                .body("paths.keySet()", everyItem(startsWith("/admin/")))
                .body("components.securitySchemes.keySet()", contains("operatorToken"))
                .body("paths.'/admin/clients'.post.security[0].operatorToken", empty())
                .body("paths.'/admin/clients'.post.responses.'201'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/ClientView"));
    }
}
