package com.gitlab.marketplace.infrastructure.embedded;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * An OAuth issuer for services' tests, over real HTTP: it serves an OpenID discovery document and a JWKS
 * the way token-service does, so quarkus-oidc validates tokens through discovery exactly as in production
 * (token-service itself is tested against quarkus-oidc in its own module, and end to end in deploy/local).
 * The signing key is handed to the tests through system properties (shared across class loaders).
 */
public class TokenIssuerStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_PROPERTY = "test.issuer.private-key";
    public static final String URL_PROPERTY = "test.issuer.url";
    public static final String KID = "test-key-1";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(keys.getPublic());
            jwk.setKeyId(KID);
            jwk.setAlgorithm("ES256");
            jwk.setUse("sig");
            String jwks = new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);

            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String issuer = "http://localhost:" + server.getAddress().getPort();
            String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/oauth/jwks\","
                    + "\"token_endpoint\":\"" + issuer + "/oauth/token\",\"grant_types_supported\":[\"client_credentials\"],"
                    + "\"response_types_supported\":[]}"; // as token-service's: no OpenID Connect fields
            serve("/.well-known/openid-configuration", discovery);
            serve("/oauth/jwks", jwks);
            server.start();

            System.setProperty(KEY_PROPERTY, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
            System.setProperty(URL_PROPERTY, issuer);
            return Map.of("quarkus.oidc.auth-server-url", issuer);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test issuer", e);
        }
    }

    private void serve(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
