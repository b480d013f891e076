package com.gitlab.marketplace.token.health;

import com.gitlab.marketplace.token.keys.SigningKeyStore;
import com.gitlab.marketplace.outbox.relay.OutboxRelayService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a signing key is loaded; reports whether this replica leads the partner event relay. */
@Readiness
@ApplicationScoped
public class SigningKeyReadiness implements HealthCheck {

    private final SigningKeyStore keys;
    private final OutboxRelayService relay;

    public SigningKeyReadiness(SigningKeyStore keys, OutboxRelayService relay) {
        this.keys = keys;
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("token-issuing")
                .status(keys.ready())
                .withData("activeKid", keys.ready() ? keys.active().kid() : "none")
                .withData("partnerEventRelay", relay.role().map(Enum::name).orElse("DISABLED"))
                .build();
    }
}
