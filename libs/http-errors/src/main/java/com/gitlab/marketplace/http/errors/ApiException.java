package com.gitlab.marketplace.http.errors;

/** An error the caller can fix, with its status and code; rendered as {@code {"error","message"}}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
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
}
