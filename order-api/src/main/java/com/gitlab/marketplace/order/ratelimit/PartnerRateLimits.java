package com.gitlab.marketplace.order.ratelimit;

import com.gitlab.marketplace.events.partner.RateLimit;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Each partner's limits (API.md §2.8): one token bucket per partner and {@link Usage}, refilled evenly over a
 * minute, in PostgreSQL so that they hold across every order-api replica ({@link PostgresBuckets}). A replica
 * takes calls from its own copy of a bucket and settles with the stored one after 1/{@link #UNSYNCED_SHARE} of the
 * limit or {@link #UNSYNCED_AT_MOST}, whichever comes first (Bucket4j's delaying optimization, which also lets
 * concurrent calls share one round trip): settling on every call halved the status GET's throughput (3,675/s
 * against 7,825/s before limits, 16 clients, README "Performance"). So each replica may let through up to 0.5 %
 * of a limit beyond it, and a bucket's RateLimit-Remaining is the replica's view. Limits under 200 a minute are
 * settled on every call, exactly. The limits come from the partner replica, read at most every
 * {@link #LIMITS_LIFETIME}; a change starts from the old bucket's share of what was left.
 * <p>
 * When the buckets cannot be read (the database is failing), calls are let through without RateLimit headers:
 * the limit protects the service, and a call that reaches a failing database fails on its own.
 * {@code order-api.rate-limits.enabled=false} switches limits off altogether (no headers, no 429): for measuring
 * what they cost, or while their table is in trouble.
 */
@ApplicationScoped
public class PartnerRateLimits {

    static final Duration LIMITS_LIFETIME = Duration.ofSeconds(2);
    private static final Duration REFILL_PERIOD = Duration.ofMinutes(1);
    /** The part of a limit a replica may take before it settles with the others. */
    static final long UNSYNCED_SHARE = 200;
    static final Duration UNSYNCED_AT_MOST = Duration.ofMillis(250);
    private static final long WARNING_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final Logger LOG = Logger.getLogger(PartnerRateLimits.class);

    /** A partner's limits and the revision they came with (the bucket's configuration version). */
    private record Limits(RateLimit rateLimit, long revision) {

        long perMinute(Usage usage) {
            return usage == Usage.ORDERS ? rateLimit.ordersPerMinute() : rateLimit.readsPerMinute();
        }
    }

    private record BucketKey(String partnerId, Usage usage, long revision) {
    }

    private final Pool pool;
    private final AsyncProxyManager<String> buckets;
    private final AsyncCache<String, Limits> limits;
    private final Cache<BucketKey, AsyncBucketProxy> proxies;
    private final MeterRegistry registry;
    private final AtomicLong lastWarning = new AtomicLong();
    private final boolean enabled;

    public PartnerRateLimits(Pool pool, MeterRegistry registry,
            @ConfigProperty(name = "order-api.rate-limits.enabled", defaultValue = "true") boolean enabled) {
        this.pool = pool;
        this.enabled = enabled;
        this.registry = registry;
        this.buckets = new PostgresBuckets(pool).asAsync();
        this.limits = Caffeine.newBuilder().expireAfterWrite(LIMITS_LIFETIME).maximumSize(10_000).buildAsync();
        // A proxy holds Bucket4j's batching state, so one per bucket is kept while it is in use.
        this.proxies = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(5)).maximumSize(20_000).build();
    }

    /** Takes one call from the partner's bucket; empty when the buckets cannot be read or limits are off. */
    public Uni<Optional<Quota>> take(String partnerId, Usage usage) {
        if (!enabled) {
            return Uni.createFrom().item(Optional.empty());
        }
        return limitsOf(partnerId).chain(limits -> {
            long perMinute = limits.perMinute(usage);
            AsyncBucketProxy bucket = proxies.get(new BucketKey(partnerId, usage, limits.revision()),
                    key -> bucket(key, perMinute));
            return Uni.createFrom().completionStage(() -> bucket.tryConsumeAndReturnRemaining(1))
                    .map(probe -> Optional.of(Quota.of(usage, perMinute, probe)));
        }).onItem().invoke(quota -> quota.filter(Quota::exceeded).ifPresent(refused -> refusals(partnerId, usage)
                .increment())).onFailure().recoverWithItem(failure -> {
                    warnUnavailable(failure);
                    return Optional.empty();
                });
    }

    private AsyncBucketProxy bucket(BucketKey key, long perMinute) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, REFILL_PERIOD))
                .build();
        return buckets.builder()
                .withOptimization(optimization(perMinute))
                .withImplicitConfigurationReplacement(key.revision(), TokensInheritanceStrategy.PROPORTIONALLY)
                .build(key.partnerId() + "/" + key.usage().noun(), configuration);
    }

    private static Optimization optimization(long perMinute) {
        long unsynced = perMinute / UNSYNCED_SHARE;
        return unsynced == 0 ? Optimizations.batching()
                : Optimizations.delaying(new DelayParameters(unsynced, UNSYNCED_AT_MOST));
    }

    private Uni<Limits> limitsOf(String partnerId) {
        return Uni.createFrom().completionStage(() -> limits.get(partnerId, (id, executor) -> pool
                .preparedQuery("SELECT orders_per_minute, reads_per_minute, revision FROM partner WHERE partner_id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? new Limits(RateLimit.DEFAULT, 0) : limits(rows.iterator().next()))
                .subscribeAsCompletionStage()));
    }

    private static Limits limits(Row row) {
        return new Limits(new RateLimit(row.getInteger("orders_per_minute"), row.getInteger("reads_per_minute")),
                row.getLong("revision"));
    }

    private Counter refusals(String partnerId, Usage usage) {
        return Counter.builder("marketplace_rate_limited")
                .description("Partner calls refused with 429 rate_limited, by partner and limit")
                .tag("partner", partnerId).tag("limit", usage.noun())
                .register(registry);
    }

    /** The failure's kind and the start of its message: a driver's message may quote a whole bucket's bytes. */
    private static String brief(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        return failure.getClass().getSimpleName() + ": " + (message.length() > 160 ? message.substring(0, 160) + "…"
                : message);
    }

    private void warnUnavailable(Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL_MILLIS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("partner rate limits are not enforced: their buckets cannot be read (%s); calls pass without "
                    + "RateLimit headers until they can (said at most once a minute)", brief(failure));
        }
    }
}
