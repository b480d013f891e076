package com.gitlab.marketplace.token.rest.admin;

import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import com.gitlab.marketplace.token.keys.SigningKey;
import com.gitlab.marketplace.token.keys.SigningKeyStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operators see the published signing keys, publish the next one ahead of schedule, and revoke a key at
 * once (a leaked private key).
 */
@Path("/admin/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
// The operator document (/q/openapi-operator), not the partners'.
@Tag(name = ApiDocuments.OPERATOR_TAG)
@Extension(name = ApiDocuments.OPERATOR_PROFILE, value = "")
public class SigningKeyAdminResource {

    private final SigningKeyStore keys;

    public SigningKeyAdminResource(SigningKeyStore keys) {
        this.keys = keys;
    }

    @Operation(operationId = "get_admin_signing_keys", summary = "List the signing keys",
            description = "Published keys with the time each signs from; never private material.")
    @GET
    public List<KeyView> list() {
        return views();
    }

    @Operation(operationId = "post_admin_signing_keys_rotate", summary = "Rotate the signing key now",
            description = "Publishes a new key in the JWKS at once; it signs tokens from signsFrom, one publish lead later, so resource servers know it first.")
    /** Publishes a new key now; it signs from {@code signsFrom}, one publish lead later. */
    @POST
    @Path("rotate")
    public Uni<KeyView> rotate() {
        return keys.rotateNow().map(key -> KeyView.of(key, false));
    }

    @Operation(operationId = "post_admin_signing_keys__kid__revoke", summary = "Revoke a signing key",
            description = "Removes the key from the JWKS at once; tokens it signed stop verifying. Answers the keys left; 404 for an unknown kid.")
    /** Removes the key from the JWKS at once; tokens it signed stop verifying. Answers the keys left. */
    @POST
    @Path("{kid}/revoke")
    public Uni<List<KeyView>> revoke(@PathParam("kid") String kid) {
        return keys.revoke(kid).map(revoked -> {
            if (!revoked) {
                throw ApiException.notFound("published signing key '" + kid + "'");
            }
            return views();
        });
    }

    private List<KeyView> views() {
        String active = keys.active().kid();
        return keys.published().stream().map(key -> KeyView.of(key, key.kid().equals(active))).toList();
    }

    /** A key without its private part; {@code active} is the key that signs now. */
    public record KeyView(String kid, String algorithm, boolean active, Instant createdAt, Instant signsFrom,
            Instant retiredAt) {

        static KeyView of(SigningKey key, boolean active) {
            return new KeyView(key.kid(), SigningKey.ALGORITHM, active, key.createdAt(), key.signsFrom(),
                    key.retiredAt());
        }
    }
}
