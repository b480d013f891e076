package com.gitlab.marketplace.notification.rest;

import com.gitlab.marketplace.notification.service.NotificationService;
import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators resend an issued license (a new email of the same license); scope {@code marketplace.admin}. */
@Path("/admin/licenses")
// The operator document (/q/openapi-operator), not the partners'.
@Tag(name = ApiDocuments.OPERATOR_TAG)
@Extension(name = ApiDocuments.OPERATOR_PROFILE, value = "")
public class LicenseAdminResource {

    /** What was sent: the email's Message-ID and recipient. */
    public record Resent(UUID orderId, String messageId, String recipient) {
    }

    private final NotificationService notifications;
    private final SecurityIdentity identity;

    public LicenseAdminResource(NotificationService notifications, SecurityIdentity identity) {
        this.notifications = notifications;
        this.identity = identity;
    }

    @Operation(operationId = "post_admin_licenses__order_id__resend", summary = "Resend a customer's license",
            description = "Emails the license already issued for the order again (the same license, a new message). 404 when none was issued.")
    @POST
    @Path("{orderId}/resend")
    @RolesAllowed(Scopes.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Resent> resend(@PathParam("orderId") UUID orderId) {
        return notifications.resend(orderId, identity.getPrincipal().getName())
                .map(email -> new Resent(orderId, email.messageId(), email.recipient()));
    }
}
