package com.gitlab.marketplace.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Calls an operator API (token-service's, or order-api's) with a token obtained from token-service's token endpoint,
 * or with a token the operator already has.
 */
final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String tokenServiceUrl;
    private final String baseUrl;
    private final String clientId;
    private final String clientSecret;
    private String accessToken;

    /**
     * @param tokenServiceUrl where the token is obtained with the client credentials
     * @param baseUrl         the service whose operator API is called
     * @param accessToken     a token to use instead of the client credentials, or null
     */
    AdminApi(String tokenServiceUrl, String baseUrl, String clientId, String clientSecret, String accessToken) {
        this.tokenServiceUrl = tokenServiceUrl.replaceAll("/+$", "");
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.accessToken = accessToken;
    }

    JsonNode get(String path) {
        return send(authorized(path).GET());
    }

    JsonNode post(String path, Object body) {
        return send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    JsonNode put(String path, Object body) {
        return send(authorized(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    static ObjectMapper json() {
        return JSON;
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token());
    }

    private String token() {
        if (accessToken == null) {
            String basic = Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(clientSecret))
                    .getBytes(StandardCharsets.UTF_8));
            JsonNode answer = send(HttpRequest.newBuilder(URI.create(tokenServiceUrl + "/oauth/token"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=marketplace.admin")));
            accessToken = answer.path("access_token").asText();
        }
        return accessToken;
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException("cannot reach " + built.uri().resolve("/") + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode body = read(response.body());
        if (response.statusCode() >= 400) {
            throw new CliException(describe(response.statusCode(), body));
        }
        return body;
    }

    private static String describe(int status, JsonNode body) {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        if (body.has("error")) {
            text.append(' ').append(body.get("error").asText()).append(": ")
                    .append(body.path("message").asText(body.path("error_description").asText()));
        }
        for (JsonNode detail : body.path("details")) {
            text.append(System.lineSeparator()).append("  ").append(detail.path("field").asText()).append(": ")
                    .append(detail.path("message").asText());
        }
        return text.toString();
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("error", "unreadable_response").put("message", body);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new CliException("cannot write request: " + e.getMessage());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
