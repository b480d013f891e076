package com.gitlab.marketplace.notification.rest;

import com.gitlab.marketplace.notification.service.NotificationService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** Operators resend an issued license (a new email of the same license); scope {@code marketplace.admin}. */
@Path("/admin/licenses")
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

    @POST
    @Path("{orderId}/resend")
    @RolesAllowed("marketplace.admin")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Resent> resend(@PathParam("orderId") UUID orderId) {
        return notifications.resend(orderId, identity.getPrincipal().getName())
                .map(email -> new Resent(orderId, email.messageId(), email.recipient()));
    }
}
