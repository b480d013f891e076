package com.gitlab.marketplace.http.errors;

import java.util.List;

/**
 * An error the caller can fix, with its status and code; rendered as {@code {"error","message"}}, with
 * {@code details} naming the fields at fault when there are some.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final List<ApiError.FieldError> details;

    public ApiException(int status, String error, String message) {
        this(status, error, message, null);
    }

    public ApiException(int status, String error, String message, List<ApiError.FieldError> details) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.details = details == null ? null : List.copyOf(details);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " does not exist");
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The fields at fault; null when the error is about the request as a whole. */
    public List<ApiError.FieldError> details() {
        return details;
    }
}
