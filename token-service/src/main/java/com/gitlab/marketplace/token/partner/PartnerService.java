package com.gitlab.marketplace.token.partner;

import com.gitlab.marketplace.events.partner.PartnerRegistered;
import com.gitlab.marketplace.events.partner.PartnerUpdated;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Onboards and changes partners. Each change and its partner event commit in one transaction (outbox),
 * so no change is ever missing from {@code marketplace.partner.events}.
 */
@ApplicationScoped
public class PartnerService {

    private static final Logger LOG = Logger.getLogger(PartnerService.class);

    private final Pool pool;
    private final PartnerRepository partners;
    private final PartnerStates states;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    public PartnerService(Pool pool, PartnerRepository partners, PartnerStates states) {
        this.states = states;
        this.pool = pool;
        this.partners = partners;
    }

    /**
     * Registers a partner.
     *
     * @param partnerId the id to use, or null for a generated one
     * @throws ApiException 409 {@code partner_exists} when the id is taken
     */
    public Uni<Partner> register(String partnerId, PartnerFields fields, String operator) {
        String id = partnerId != null ? partnerId : "ptn_" + HexFormat.of().formatHex(randomBytes());
        Instant now = clock.instant();
        return pool.withTransaction(tx -> partners.insert(tx, fields, id, now)
                        .map(inserted -> inserted.orElseThrow(() -> new ApiException(409, "partner_exists",
                                "a partner with partnerId '" + id + "' already exists")))
                        .call(partner -> OutboxWriter.append(tx, new PartnerRegistered(partner.details(), now), now)))
                .invoke(partner -> LOG.infof("partner %s registered by %s", partner.partnerId(), operator));
    }

    /**
     * Replaces a partner's fields and publishes its new state.
     *
     * @throws ApiException 404 when there is no such partner
     */
    public Uni<Partner> update(String partnerId, PartnerFields fields, String operator) {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> partners.update(tx, partnerId, fields, now)
                        .map(updated -> updated.orElseThrow(() -> ApiException.notFound("partner '" + partnerId + "'")))
                        .call(partner -> OutboxWriter.append(tx, new PartnerUpdated(partner.details(), now), now)))
                .invoke(partner -> states.forget(partner.partnerId()))
                .invoke(partner -> LOG.infof("partner %s updated to revision %d (%s) by %s", partner.partnerId(),
                        partner.revision(), partner.enabled() ? "enabled" : "disabled", operator));
    }

    public Uni<Partner> get(String partnerId) {
        return partners.find(partnerId)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("partner '" + partnerId + "'")));
    }

    public Uni<List<Partner>> list() {
        return partners.list();
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }
}
