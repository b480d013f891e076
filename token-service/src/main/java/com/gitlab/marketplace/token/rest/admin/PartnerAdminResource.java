package com.gitlab.marketplace.token.rest.admin;

import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import com.gitlab.marketplace.token.partner.Partner;
import com.gitlab.marketplace.token.partner.PartnerService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators onboard and change partners (API.md §6). Each change publishes a partner event. */
@Path("/admin/partners")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
// The operator document (/q/openapi-operator), not the partners'.
@Tag(name = ApiDocuments.OPERATOR_TAG)
@Extension(name = ApiDocuments.OPERATOR_PROFILE, value = "")
public class PartnerAdminResource {

    private final PartnerService partners;

    public PartnerAdminResource(PartnerService partners) {
        this.partners = partners;
    }

    @Operation(operationId = "post_admin_partners", summary = "Register a partner",
            description = "Publishes PartnerRegistered, from which order-api learns the partner and its permitted trading partners.")
    @APIResponse(responseCode = "201", description = "The partner",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Partner.class)))
    @POST
    public Uni<Response> register(@Valid @NotNull PartnerRequest request, @Context ContainerRequestContext context) {
        return partners.register(request.partnerId(), request.fields(), OperatorAuthentication.operator(context))
                .map(partner -> Response.created(URI.create("/admin/partners/" + partner.partnerId()))
                        .entity(partner).build());
    }

    @Operation(operationId = "get_admin_partners", summary = "List partners",
            description = "Every registered partner, enabled or not.")
    @GET
    public Uni<List<Partner>> list() {
        return partners.list();
    }

    @Operation(operationId = "get_admin_partners__partner_id_", summary = "Read a partner",
            description = "404 when no partner has this id.")
    @GET
    @Path("{partnerId}")
    public Uni<Partner> get(@PathParam("partnerId") String partnerId) {
        return partners.get(partnerId);
    }

    @Operation(operationId = "put_admin_partners__partner_id_", summary = "Change a partner",
            description = "Replaces its fields (name, Zuora and Salesforce accounts, permitted trading partners, enabled) and publishes PartnerUpdated.")
    @PUT
    @Path("{partnerId}")
    public Uni<Partner> update(@PathParam("partnerId") String partnerId, @Valid @NotNull PartnerRequest request,
            @Context ContainerRequestContext context) {
        if (request.partnerId() != null && !request.partnerId().equals(partnerId)) {
            throw new ApiException(422, "partner_id_mismatch",
                    "partnerId in the body ('" + request.partnerId() + "') differs from the path ('" + partnerId + "')");
        }
        return partners.update(partnerId, request.fields(), OperatorAuthentication.operator(context));
    }
}
