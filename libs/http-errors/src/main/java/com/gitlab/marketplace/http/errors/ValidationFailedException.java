package com.gitlab.marketplace.http.errors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A request with invalid fields: 422 {@code validation_failed} with one {@code details} entry per field,
 * for checks that go beyond the declared Bean Validation constraints (all reported together).
 */
public class ValidationFailedException extends RuntimeException {

    private final List<ApiError.FieldError> details;

    public ValidationFailedException(List<ApiError.FieldError> details) {
        super("the request has invalid fields", null, false, false);
        this.details = details.stream().sorted(Comparator.comparing(ApiError.FieldError::field)).toList();
    }

    public List<ApiError.FieldError> details() {
        return details;
    }

    /** Bean Validation violations as field errors, with paths like {@code orderLines[0].quantity}. */
    public static List<ApiError.FieldError> fieldErrors(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream().map(v -> new ApiError.FieldError(field(v), v.getMessage())).toList();
    }

    static String field(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind != ElementKind.PROPERTY && kind != ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (node.isInIterable()) {
                path.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (kind == ElementKind.PROPERTY) {
                path.append(path.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
