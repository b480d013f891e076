package com.gitlab.marketplace.http.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
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
        return respond(e.status(), new ApiError(e.error(), e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response validationFailed(ConstraintViolationException e) {
        List<ApiError.FieldError> details = e.getConstraintViolations().stream()
                .map(v -> new ApiError.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(ApiError.FieldError::field))
                .toList();
        return respond(422, new ApiError("validation_failed", "the request has invalid fields", details));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
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

    /** The offending field's path inside the body, e.g. {@code permittedTradingPartnerIds[0]}. */
    private static String field(ConstraintViolation<?> violation) {
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

    private static Response respond(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
