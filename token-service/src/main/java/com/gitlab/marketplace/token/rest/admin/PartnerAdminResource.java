package com.gitlab.marketplace.token.rest.admin;

import com.gitlab.marketplace.token.partner.Partner;
import com.gitlab.marketplace.token.partner.PartnerService;
import com.gitlab.marketplace.http.errors.ApiException;
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

/** Operators onboard and change partners (API.md §6). Each change publishes a partner event. */
@Path("/admin/partners")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PartnerAdminResource {

    private final PartnerService partners;

    public PartnerAdminResource(PartnerService partners) {
        this.partners = partners;
    }

    @POST
    public Uni<Response> register(@Valid @NotNull PartnerRequest request, @Context ContainerRequestContext context) {
        return partners.register(request.partnerId(), request.fields(), OperatorAuthentication.operator(context))
                .map(partner -> Response.created(URI.create("/admin/partners/" + partner.partnerId()))
                        .entity(partner).build());
    }

    @GET
    public Uni<List<Partner>> list() {
        return partners.list();
    }

    @GET
    @Path("{partnerId}")
    public Uni<Partner> get(@PathParam("partnerId") String partnerId) {
        return partners.get(partnerId);
    }

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
