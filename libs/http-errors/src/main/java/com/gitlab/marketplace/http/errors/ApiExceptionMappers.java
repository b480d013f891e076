package com.gitlab.marketplace.http.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a platform HTTP API into the documented error body
 * ({@code {"error","message","details"}}); never a stack trace. A service gets them by depending on this module.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiError(ApiException e) {
        return respond(e.status(), new ApiError(e.error(), e.getMessage(), e.details()));
    }

    @ServerExceptionMapper
    public Response validationFailed(ConstraintViolationException e) {
        return validationFailed(new ValidationFailedException(
                ValidationFailedException.fieldErrors(e.getConstraintViolations())));
    }

    @ServerExceptionMapper
    public Response validationFailed(ValidationFailedException e) {
        return respond(422, new ApiError("validation_failed", e.getMessage(), e.details()));
    }

    /**
     * A value of the wrong JSON type ({@code "quantity": "x"}, {@code "events": "x"}): 422 naming the field and the
     * type it needs. Quarkus REST's own mapper of this exception answers an empty 400.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof TextInputDeserialization.InvalidTextException text) {
            return validationFailed(new ValidationFailedException(
                    List.of(new ApiError.FieldError(jsonPath(text), text.problem()))));
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                && mismatch.getTargetType() != null) {
            return validationFailed(new ValidationFailedException(List.of(new ApiError.FieldError(jsonPath(mismatch),
                    "must be " + jsonType(mismatch.getTargetType())))));
        }
        return respond(400, new ApiError("malformed_request", "the body is not valid JSON for this request: "
                + e.getOriginalMessage(), null));
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return respond(415, new ApiError("unsupported_media_type", "send the body as application/json", null));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(404, new ApiError("not_found", "no such resource", null));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            // Quarkus REST wraps a body that Jackson cannot read.
            return malformedJson(json);
        }
        if (status >= 500) {
            LOG.error("request failed", e);
            return respond(500, new ApiError("internal_error", "the server failed; try again later", null));
        }
        return respond(status, new ApiError(Response.Status.fromStatusCode(status) == null ? "request_error"
                : Response.Status.fromStatusCode(status).name().toLowerCase(), e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed", e);
        return respond(500, new ApiError("internal_error", "the server failed; try again later", null));
    }

    /** The JSON path of a body field as the validation errors spell it, e.g. {@code orderLines[1].productId}. */
    static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** How a request's author knows the Java type a field is read into. */
    static String jsonType(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum() || type == UUID.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static Response respond(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
