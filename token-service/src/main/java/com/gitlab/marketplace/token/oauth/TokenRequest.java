package com.gitlab.marketplace.token.oauth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.gitlab.marketplace.http.errors.TextInput;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a token request, read from an {@code application/x-www-form-urlencoded} (RFC 6749) or
 * an {@code application/json} body. A parameter sent twice is refused (RFC 6749 §3.2); a parameter sent
 * without value counts as omitted.
 */
public final class TokenRequest {

    public static final String GRANT_TYPE = "grant_type";
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_SECRET = "client_secret";
    public static final String SCOPE = "scope";

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Map<String, String> parameters;

    private TokenRequest(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /** Reads the body as its content type says; any other content type is an invalid request. */
    public static TokenRequest parse(String contentType, byte[] body) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case "application/x-www-form-urlencoded" -> fromForm(new String(body, StandardCharsets.UTF_8));
            case "application/json" -> fromJson(body);
            default -> throw new OAuthException(OAuthError.INVALID_REQUEST,
                    "Content-Type must be application/x-www-form-urlencoded or application/json");
        };
    }

    /** The name with control characters shown as {@code \\uXXXX}, so an error message can echo it safely. */
    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        name.chars().forEach(c -> shown.append(Character.isISOControl(c) || Character.isSurrogate((char) c)
                ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return shown.toString();
    }

    public String get(String name) {
        return parameters.get(name);
    }

    private static TokenRequest fromForm(String body) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            put(parameters, name, value);
        }
        return new TokenRequest(parameters);
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "the form body is not validly URL-encoded");
        }
    }

    private static TokenRequest fromJson(byte[] body) {
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(body);
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw new OAuthException(OAuthError.INVALID_REQUEST, "a parameter is included more than once");
            }
            throw new OAuthException(OAuthError.INVALID_REQUEST, "the body is not valid JSON");
        } catch (IOException e) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "the body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "the JSON body must be an object");
        }
        Map<String, String> parameters = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw new OAuthException(OAuthError.INVALID_REQUEST,
                        "parameter '" + field.getKey() + "' must be a string");
            }
            put(parameters, field.getKey(), value.textValue());
        }
        return new TokenRequest(parameters);
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        TextInput.problem(name).or(() -> TextInput.problem(value)).ifPresent(problem -> {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "parameter '" + printable(name) + "' " + problem);
        });
        if (parameters.containsKey(name)) {
            throw new OAuthException(OAuthError.INVALID_REQUEST,
                    "parameter '" + name + "' is included more than once");
        }
        if (!value.isEmpty()) {
            parameters.put(name, value);
        } else {
            // Remember the name so that a later duplicate is still detected.
            parameters.put(name, null);
        }
    }
}
