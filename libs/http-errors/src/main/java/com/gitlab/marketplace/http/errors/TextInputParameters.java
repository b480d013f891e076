package com.gitlab.marketplace.http.errors;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link TextInput} to path and query parameters before any resource sees them: 422
 * {@code validation_failed} naming the parameter, instead of a database error for, say, {@code %00} in an id.
 */
public class TextInputParameters {

    @ServerRequestFilter
    public void check(UriInfo uri) {
        List<ApiError.FieldError> errors = new ArrayList<>();
        collect(uri.getPathParameters(), errors);
        collect(uri.getQueryParameters(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
    }

    private static void collect(MultivaluedMap<String, String> parameters, List<ApiError.FieldError> errors) {
        parameters.forEach((name, values) -> values.stream().map(TextInput::problem).flatMap(Optional::stream)
                .findFirst().ifPresent(problem -> errors.add(new ApiError.FieldError(name, problem))));
    }
}
