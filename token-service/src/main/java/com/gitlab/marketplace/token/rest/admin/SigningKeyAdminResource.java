package com.gitlab.marketplace.token.rest.admin;

import com.gitlab.marketplace.token.keys.SigningKey;
import com.gitlab.marketplace.token.keys.SigningKeyStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** Operators see the published signing keys and can rotate now (e.g. after a suspected leak). */
@Path("/admin/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
public class SigningKeyAdminResource {

    private final SigningKeyStore keys;

    public SigningKeyAdminResource(SigningKeyStore keys) {
        this.keys = keys;
    }

    @GET
    public List<KeyView> list() {
        String active = keys.active().kid();
        return keys.published().stream().map(key -> KeyView.of(key, key.kid().equals(active))).toList();
    }

    @POST
    @Path("rotate")
    public Uni<KeyView> rotate() {
        return keys.rotateNow().map(key -> KeyView.of(key, true));
    }

    /** A key without its private part. */
    public record KeyView(String kid, String algorithm, boolean active, Instant createdAt, Instant retiredAt) {

        static KeyView of(SigningKey key, boolean active) {
            return new KeyView(key.kid(), SigningKey.ALGORITHM, active, key.createdAt(), key.retiredAt());
        }
    }
}
