package com.gitlab.marketplace.token.rest.admin;

import com.gitlab.marketplace.token.client.ClientService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Operators issue, rotate, disable and enable client credentials (API.md §6). */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
public class ClientAdminResource {

    private final ClientService clients;

    public ClientAdminResource(ClientService clients) {
        this.clients = clients;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> issue(@Valid @NotNull ClientRequest request, @Context ContainerRequestContext context) {
        return clients.issue(request.partnerId(), request.scopes(), request.description(),
                        OperatorAuthentication.operator(context))
                .map(issued -> Response.created(URI.create("/admin/clients/" + issued.client().clientId()))
                        .header("Cache-Control", "no-store")
                        .entity(ClientView.of(issued.client(), issued.secret())).build());
    }

    @GET
    public Uni<List<ClientView>> list(@QueryParam("partnerId") String partnerId) {
        return clients.list(Optional.ofNullable(partnerId))
                .map(found -> found.stream().map(ClientView::of).toList());
    }

    @POST
    @Path("{clientId}/secret")
    public Uni<Response> rotateSecret(@PathParam("clientId") String clientId, @Context ContainerRequestContext context) {
        return clients.rotateSecret(clientId, OperatorAuthentication.operator(context))
                .map(issued -> Response.ok(ClientView.of(issued.client(), issued.secret()))
                        .header("Cache-Control", "no-store").build());
    }

    @POST
    @Path("{clientId}/disable")
    public Uni<ClientView> disable(@PathParam("clientId") String clientId, @Context ContainerRequestContext context) {
        return clients.setEnabled(clientId, false, OperatorAuthentication.operator(context)).map(ClientView::of);
    }

    @POST
    @Path("{clientId}/enable")
    public Uni<ClientView> enable(@PathParam("clientId") String clientId, @Context ContainerRequestContext context) {
        return clients.setEnabled(clientId, true, OperatorAuthentication.operator(context)).map(ClientView::of);
    }
}
