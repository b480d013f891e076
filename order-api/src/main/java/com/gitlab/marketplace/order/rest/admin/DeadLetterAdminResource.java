package com.gitlab.marketplace.order.rest.admin;

import com.gitlab.marketplace.http.errors.ApiError.FieldError;
import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import com.gitlab.marketplace.order.deadletter.DeadLetterId;
import com.gitlab.marketplace.order.deadletter.DeadLetterOperations;
import com.gitlab.marketplace.order.security.CallerPartner;
import com.gitlab.marketplace.order.security.OperatorApi;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Operators list the records the services' consumers refused (the platform's {@code <topic>.dlq} topics) and
 * replay them once the cause is fixed (scope {@code marketplace.admin}).
 */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.ADMIN)
@OperatorApi
@Tag(name = ApiDocuments.OPERATOR_TAG)
@Extension(name = ApiDocuments.OPERATOR_PROFILE, value = "")
public class DeadLetterAdminResource {

    private final DeadLetterOperations deadLetters;
    private final SecurityIdentity identity;

    public DeadLetterAdminResource(DeadLetterOperations deadLetters, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "get_admin_dead_letters", summary = "List dead letters",
            description = "The records the services' consumers refused (they broke the event contract or failed the "
                    + "same way on every try), per topic in the platform's order, then by partition and offset, "
                    + "with the reason, the refusing service, the event's id and type, and every replay so far; "
                    + "and how many each dead-letter topic holds. Read from Kafka without moving any service's "
                    + "offsets. 422 validation_failed naming a bad topic or pageSize; 400 invalid_page_token; 503 "
                    + "kafka_unavailable when Kafka does not answer within 10 s.")
    public Uni<DeadLetterViews.Page> list(
            @Parameter(description = "Only this topic: a platform topic or its dead-letter topic",
                    example = "marketplace.zuora.events") @QueryParam("topic") String topic,
            @Parameter(description = "Dead letters per page, 1 to 500 (default 100)") @QueryParam("pageSize")
            String pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        List<FieldError> errors = new ArrayList<>();
        List<String> topics = DeadLetterRequests.topics(topic, "topic", errors);
        int size = DeadLetterRequests.pageSize(pageSize, errors);
        DeadLetterRequests.requireValid(errors);
        DeadLetterId after = DeadLetterRequests.pageToken(pageToken);
        return deadLetters.counts().flatMap(counts -> deadLetters.list(topics, after, size)
                .map(page -> new DeadLetterViews.Page(counts, page, page.size() < size ? null
                        : page.get(page.size() - 1).id())));
    }

    @POST
    @Path("replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "post_admin_dead_letters_replay", summary = "Replay dead letters",
            description = "Publishes each named dead letter (ids), or every one never replayed before (all, of "
                    + "topic if given, up to 1,000 per call: more tells whether to call again), unchanged to the "
                    + "topic it was refused on. Every consumer skips an event it processed before (by its "
                    + "CloudEvents id), so only the service that refused it acts on it, once; repeating a replay "
                    + "is harmless. Recorded with who and why once Kafka acknowledged it. 202 with what was "
                    + "replayed; 404 not_found for an id the topic does not hold; 422 validation_failed naming ids, "
                    + "all, topic or reason; 503 kafka_unavailable.")
    @ResponseStatus(202)
    public Uni<DeadLetterViews.Replayed> replay(@NotNull @Valid DeadLetterReplayRequest request) {
        List<FieldError> errors = new ArrayList<>();
        boolean all = Boolean.TRUE.equals(request.all());
        List<String> ids = request.ids() == null ? List.of() : request.ids();
        if (all == !ids.isEmpty()) {
            errors.add(new FieldError(all ? "ids" : "all", "name the dead letters in ids or set all to true, not "
                    + "both"));
        }
        if (!all && request.topic() != null) {
            errors.add(new FieldError("topic", "applies only with all: true; ids name their topic"));
        }
        List<String> topics = DeadLetterRequests.topics(request.topic(), "topic", errors);
        List<DeadLetterId> parsed = DeadLetterRequests.ids(ids, errors);
        DeadLetterRequests.requireValid(errors);
        String by = CallerPartner.subject(identity);
        String reason = request.reason().strip();
        if (all) {
            return deadLetters.replayAll(topics, by, reason).map(replayed -> new DeadLetterViews.Replayed(replayed,
                    replayed.size() >= DeadLetterOperations.MAX_REPLAYS_PER_CALL));
        }
        return deadLetters.replay(parsed, by, reason).map(replayed -> new DeadLetterViews.Replayed(replayed, false));
    }
}
