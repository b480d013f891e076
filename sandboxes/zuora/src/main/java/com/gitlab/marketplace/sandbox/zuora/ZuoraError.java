package com.gitlab.marketplace.sandbox.zuora;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A Zuora error reason. Zuora's codes are eight digits; the last two are the category the client acts
 * on: 10 permission, 11 authentication, 20 invalid value, 21 unknown field, 22 missing field, 30 business
 * rule, 40 not found, 50 lock contention, 60/61 internal/temporary, 70 concurrency limit, 90 malformed
 * JSON, 99 integration.
 */
record ZuoraError(long code, String message) {

    static ZuoraError missingField(String field) {
        return new ZuoraError(50000022, "'" + field + "' is required.");
    }

    static ZuoraError invalidValue(String field, Object value) {
        return new ZuoraError(53100320, "Invalid value '" + value + "' for field '" + field + "'.");
    }

    static ZuoraError notFound(String what) {
        return new ZuoraError(50000040, what + " does not exist.");
    }

    static ZuoraError businessRule(String message) {
        return new ZuoraError(53100330, message);
    }

    static ZuoraError lockContention() {
        return new ZuoraError(50000050, "Operation failed due to a lock competition, please retry later.");
    }

    static ZuoraError temporary() {
        return new ZuoraError(50000061, "Temporary error, please retry later.");
    }

    static ZuoraError malformedJson() {
        return new ZuoraError(50000090, "Malformed JSON in the request body.");
    }

    static ZuoraError authentication() {
        return new ZuoraError(90000011, "Authentication error");
    }

    /** The body Zuora answers a failed call with (with HTTP 200 for validation and business errors). */
    static JsonObject body(String processId, ZuoraError... reasons) {
        JsonArray list = new JsonArray();
        for (ZuoraError reason : reasons) {
            list.add(new JsonObject().put("code", reason.code()).put("message", reason.message()));
        }
        return new JsonObject().put("success", false).put("processId", processId).put("reasons", list);
    }
}
