package com.gitlab.marketplace.http.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The error body of the HTTP APIs: {@code details} only for validation errors, one entry per field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, List<FieldError> details) {

    public record FieldError(String field, String message) {
    }
}
