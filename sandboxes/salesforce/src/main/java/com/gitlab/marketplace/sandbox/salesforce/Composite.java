package com.gitlab.marketplace.sandbox.salesforce;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /composite}: sub-requests run in order; {@code @{ref.field}} in a URL or body takes a field of an
 * earlier sub-request's answer. With {@code allOrNone}, the first failure rolls everything back and every other
 * sub-request reports {@code PROCESSING_HALTED}. The top-level answer is 200 whatever happened.
 */
final class Composite {

    private static final Pattern REFERENCE = Pattern.compile("@\\{(\\w+)\\.(\\w+)}");
    private static final Pattern SOBJECT_URL = Pattern.compile(
            "^/services/data/(v\\d+\\.\\d)/sobjects/(\\w+)(?:/(\\w+))?(?:/([^/]+))?$");
    private static final String ROLLED_BACK =
            "The transaction was rolled back since another operation in the same transaction failed.";

    private final Org org;

    Composite(Org org) {
        this.org = org;
    }

    JsonObject run(JsonObject request, SalesforceError injected) {
        JsonArray subrequests = request.getJsonArray("compositeRequest");
        if (subrequests == null || subrequests.isEmpty() || subrequests.size() > 25) {
            throw SalesforceError.jsonParser("compositeRequest must hold 1 to 25 sub-requests");
        }
        boolean allOrNone = request.getBoolean("allOrNone", false);
        var snapshot = org.snapshot();
        Map<String, JsonObject> answers = new HashMap<>();
        JsonArray responses = new JsonArray();
        int failedAt = -1;
        for (int i = 0; i < subrequests.size(); i++) {
            JsonObject sub = subrequests.getJsonObject(i);
            String referenceId = sub.getString("referenceId", "ref" + i);
            JsonObject response;
            if (allOrNone && failedAt >= 0) {
                response = error(referenceId, SalesforceError.processingHalted(ROLLED_BACK));
            } else {
                try {
                    if (injected != null && i == 0) {
                        throw injected;
                    }
                    response = execute(sub, referenceId, answers);
                } catch (SalesforceError e) {
                    response = error(referenceId, e);
                    failedAt = failedAt < 0 ? i : failedAt;
                }
            }
            responses.add(response);
        }
        if (allOrNone && failedAt >= 0) {
            org.restore(snapshot);
            for (int i = 0; i < failedAt; i++) {
                String referenceId = responses.getJsonObject(i).getString("referenceId");
                responses.set(i, error(referenceId, SalesforceError.processingHalted(ROLLED_BACK)));
            }
        }
        return new JsonObject().put("compositeResponse", responses);
    }

    private JsonObject execute(JsonObject sub, String referenceId, Map<String, JsonObject> answers) {
        String url = resolve(sub.getString("url", ""), answers);
        JsonObject body = sub.getJsonObject("body") == null ? null
                : new JsonObject(resolve(sub.getJsonObject("body").encode(), answers));
        Matcher m = SOBJECT_URL.matcher(url);
        if (!m.matches()) {
            throw SalesforceError.notFound();
        }
        String type = m.group(2);
        Schema.ObjectType objectType = Schema.require(type);
        String method = sub.getString("method", "GET").toUpperCase();
        JsonObject result;
        int status;
        if ("POST".equals(method) && m.group(3) == null) {
            String id = org.create(type, body == null ? new JsonObject() : body);
            result = saved(id, true);
            status = 201;
        } else if ("PATCH".equals(method) && m.group(4) != null) {
            String field = m.group(3);
            if (!objectType.externalIds().contains(field)) {
                throw new SalesforceError(404, "NOT_FOUND", "Provided external ID field does not exist or is not "
                        + "accessible: " + field, List.of());
            }
            List<JsonObject> matches = org.where(type, field, m.group(4));
            JsonObject fields = (body == null ? new JsonObject() : body).copy().put(field, m.group(4));
            if (matches.size() > 1) {
                JsonArray urls = new JsonArray();
                matches.forEach(r -> urls.add("/services/data/" + m.group(1) + "/sobjects/" + type + "/" + r.getString("Id")));
                answers.put(referenceId, new JsonObject());
                return new JsonObject().put("body", urls).put("httpHeaders", new JsonObject()).put("httpStatusCode", 300)
                        .put("referenceId", referenceId);
            }
            if (matches.isEmpty()) {
                result = saved(org.create(type, fields), true);
                status = 201;
            } else {
                String id = matches.get(0).getString("Id");
                org.update(type, id, fields);
                result = saved(id, false);
                status = 200;
            }
        } else if ("PATCH".equals(method) && m.group(3) != null) {
            org.update(type, m.group(3), body == null ? new JsonObject() : body);
            answers.put(referenceId, new JsonObject().put("id", m.group(3)));
            return new JsonObject().putNull("body").put("httpHeaders", new JsonObject()).put("httpStatusCode", 204)
                    .put("referenceId", referenceId);
        } else if ("GET".equals(method) && m.group(3) != null) {
            result = org.find(type, m.group(3)).orElseThrow(SalesforceError::notFound);
            status = 200;
        } else {
            throw new SalesforceError(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed", List.of());
        }
        answers.put(referenceId, result);
        return new JsonObject().put("body", result).put("httpHeaders", new JsonObject()).put("httpStatusCode", status)
                .put("referenceId", referenceId);
    }

    private static String resolve(String text, Map<String, JsonObject> answers) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            JsonObject answer = answers.get(m.group(1));
            Object value = answer == null ? null : answer.getValue(m.group(2));
            if (value == null) {
                throw SalesforceError.processingHalted("Invalid reference specified. No value for " + m.group(1) + "."
                        + m.group(2) + " found in " + m.group(1));
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(resolved);
        return resolved.toString();
    }

    private static JsonObject saved(String id, boolean created) {
        return new JsonObject().put("id", id).put("success", true).put("errors", new JsonArray()).put("created", created);
    }

    private static JsonObject error(String referenceId, SalesforceError e) {
        return new JsonObject().put("body", e.body()).put("httpHeaders", new JsonObject())
                .put("httpStatusCode", e.status()).put("referenceId", referenceId);
    }
}
