package com.gitlab.marketplace.notification.rest;

import com.gitlab.marketplace.license.format.IssuerKeys;
import com.gitlab.marketplace.notification.service.LicenseKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The issuer's public keys: what a GitLab instance needs to read our licenses, and what support uses to
 * decode one ({@code marketplace-admin license decode}). Every key a license may have been made with.
 */
@Path("/api/v1/licenses/public-keys")
@PermitAll
public class LicenseKeyResource {

    /** One key: {@code keyId} is recorded with every license it made. */
    public record PublicKeyView(String keyId, boolean active, String publicKeyPem) {
    }

    private final LicenseKeys keys;

    public LicenseKeyResource(LicenseKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<PublicKeyView> list() {
        return keys.all().values().stream()
                .map(k -> new PublicKeyView(k.id(), keys.isActive(k.id()), IssuerKeys.pem(k.publicKey()))).toList();
    }
}
