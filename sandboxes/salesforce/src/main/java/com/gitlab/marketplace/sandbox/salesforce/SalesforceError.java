package com.gitlab.marketplace.sandbox.salesforce;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A Salesforce API error: answered as an array {@code [{"message","errorCode","fields"}]} with its HTTP
 * status. Thrown inside the sandbox to end an operation.
 */
final class SalesforceError extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final List<String> fields;

    SalesforceError(int status, String errorCode, String message, List<String> fields) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.fields = List.copyOf(fields);
    }

    static SalesforceError requiredFieldMissing(String object, List<String> fields) {
        return new SalesforceError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: " + fields, fields);
    }

    static SalesforceError invalidField(String object, String field) {
        return new SalesforceError(400, "INVALID_FIELD", "No such column '" + field + "' on sobject of type " + object,
                List.of());
    }

    static SalesforceError invalidCrossReference(String field, Object id) {
        return new SalesforceError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id: " + id,
                List.of(field));
    }

    static SalesforceError invalidEmail(String field, Object value) {
        return new SalesforceError(400, "INVALID_EMAIL_ADDRESS", field + ": invalid email address: " + value,
                List.of(field));
    }

    static SalesforceError fieldIntegrity(String field, String why) {
        return new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", "field integrity exception: " + field + " (" + why
                + ")", List.of(field));
    }

    static SalesforceError notFound() {
        return new SalesforceError(404, "NOT_FOUND", "The requested resource does not exist", List.of());
    }

    static SalesforceError malformedQuery(String why) {
        return new SalesforceError(400, "MALFORMED_QUERY", why, List.of());
    }

    static SalesforceError invalidType(String object) {
        return new SalesforceError(400, "INVALID_TYPE", "sObject type '" + object + "' is not supported.", List.of());
    }

    static SalesforceError invalidSession() {
        return new SalesforceError(401, "INVALID_SESSION_ID", "Session expired or invalid", List.of());
    }

    static SalesforceError requestLimitExceeded() {
        return new SalesforceError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", List.of());
    }

    static SalesforceError unableToLockRow() {
        return new SalesforceError(400, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record",
                List.of());
    }

    static SalesforceError processingHalted(String why) {
        return new SalesforceError(400, "PROCESSING_HALTED", why, List.of());
    }

    static SalesforceError jsonParser(String why) {
        return new SalesforceError(400, "JSON_PARSER_ERROR", why, List.of());
    }

    int status() {
        return status;
    }

    String errorCode() {
        return errorCode;
    }

    JsonArray body() {
        return new JsonArray().add(new JsonObject().put("message", getMessage()).put("errorCode", errorCode)
                .put("fields", new JsonArray(fields)));
    }
}
