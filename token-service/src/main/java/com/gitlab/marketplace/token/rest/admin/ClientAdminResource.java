package com.gitlab.marketplace.token.rest.admin;

import com.gitlab.marketplace.openapi.documents.ApiDocuments;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators issue, rotate, disable and enable client credentials (API.md §6). */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
// The operator document (/q/openapi-operator), not the partners'.
@Tag(name = ApiDocuments.OPERATOR_TAG)
@Extension(name = ApiDocuments.OPERATOR_PROFILE, value = "")
public class ClientAdminResource {

    private final ClientService clients;

    public ClientAdminResource(ClientService clients) {
        this.clients = clients;
    }

    @Operation(operationId = "post_admin_clients", summary = "Issue client credentials to a partner or an operator",
            description = "The answer holds the client secret, shown this once and stored only as a keyed hash; keep it in your secret store.")
    @APIResponse(responseCode = "201", description = "The client and its secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientView.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> issue(@Valid @NotNull ClientRequest request, @Context ContainerRequestContext context) {
        return clients.issue(request.partnerId(), request.scopes(), request.description(),
                        OperatorAuthentication.operator(context))
                .map(issued -> Response.created(URI.create("/admin/clients/" + issued.client().clientId()))
                        .header("Cache-Control", "no-store")
                        .entity(ClientView.of(issued.client(), issued.secret())).build());
    }

    @Operation(operationId = "get_admin_clients", summary = "List clients",
            description = "All clients, or those of one partner (partnerId); never a secret.")
    @GET
    public Uni<List<ClientView>> list(@QueryParam("partnerId") String partnerId) {
        return clients.list(Optional.ofNullable(partnerId))
                .map(found -> found.stream().map(ClientView::of).toList());
    }

    @Operation(operationId = "post_admin_clients__client_id__secret", summary = "Rotate a client's secret",
            description = "A new secret, shown this once; the old one stops working at once. Tokens already issued stay valid until they expire.")
    @APIResponse(responseCode = "200", description = "The client and its new secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientView.class)))
    @POST
    @Path("{clientId}/secret")
    public Uni<Response> rotateSecret(@PathParam("clientId") String clientId, @Context ContainerRequestContext context) {
        return clients.rotateSecret(clientId, OperatorAuthentication.operator(context))
                .map(issued -> Response.ok(ClientView.of(issued.client(), issued.secret()))
                        .header("Cache-Control", "no-store").build());
    }

    @Operation(operationId = "post_admin_clients__client_id__disable", summary = "Disable a client",
            description = "It gets no more tokens; those already issued stay valid until they expire (2 h). Disable the partner to stop its orders at once.")
    @POST
    @Path("{clientId}/disable")
    public Uni<ClientView> disable(@PathParam("clientId") String clientId, @Context ContainerRequestContext context) {
        return clients.setEnabled(clientId, false, OperatorAuthentication.operator(context)).map(ClientView::of);
    }

    @Operation(operationId = "post_admin_clients__client_id__enable", summary = "Enable a disabled client",
            description = "It can get tokens again.")
    @POST
    @Path("{clientId}/enable")
    public Uni<ClientView> enable(@PathParam("clientId") String clientId, @Context ContainerRequestContext context) {
        return clients.setEnabled(clientId, true, OperatorAuthentication.operator(context)).map(ClientView::of);
    }
}
