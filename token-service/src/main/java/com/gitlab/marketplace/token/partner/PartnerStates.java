package com.gitlab.marketplace.token.partner;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Whether a partner may still get tokens, for the token endpoint. Read for every token a partner's client earns,
 * so kept for {@value #LIFETIME_SECONDS} s: a partner disabled here is refused at once on this replica (the
 * update forgets it) and within that time on the others, without a database read per token.
 */
@ApplicationScoped
public class PartnerStates {

    static final int LIFETIME_SECONDS = 2;

    private final PartnerRepository partners;
    private final AsyncCache<String, Boolean> enabled = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(LIFETIME_SECONDS))
            .maximumSize(10_000)
            .buildAsync();

    public PartnerStates(PartnerRepository partners) {
        this.partners = partners;
    }

    /** True for a registered partner that is enabled; false for a disabled or unknown one. */
    public Uni<Boolean> enabled(String partnerId) {
        return Uni.createFrom().completionStage(() -> enabled.get(partnerId, (id, executor) -> partners.find(id)
                .map(found -> found.map(Partner::enabled).orElse(false)).subscribeAsCompletionStage()));
    }

    void forget(String partnerId) {
        enabled.synchronous().invalidate(partnerId);
    }
}
