package com.gitlab.marketplace.token.health;

import com.gitlab.marketplace.token.keys.SigningKeyStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a signing key is loaded: before that, no token can be issued. */
@Readiness
@ApplicationScoped
public class SigningKeyReadiness implements HealthCheck {

    private final SigningKeyStore keys;
    public SigningKeyReadiness(SigningKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("token-issuing")
                .status(keys.ready())
                .withData("activeKid", keys.ready() ? keys.active().kid() : "none")
                .build();
    }
}
