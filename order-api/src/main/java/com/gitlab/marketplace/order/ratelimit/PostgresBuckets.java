package com.gitlab.marketplace.order.ratelimit;

import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's token buckets in order-api's own PostgreSQL ({@code rate_limit_bucket}), so every replica draws from
 * the same bucket. Bucket4j computes each new state; this class only reads a bucket and writes it back if nobody
 * changed it meanwhile (compare-and-swap on the stored bytes), which Bucket4j retries when it loses. Bucket4j's own
 * PostgreSQL module speaks blocking JDBC; this uses the reactive pool, so a partner call never waits for a worker
 * thread or one of the few JDBC connections. Only the asynchronous API is served.
 */
final class PostgresBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {

    private final Pool pool;

    PostgresBuckets(Pool pool) {
        super(ClientSideConfig.getDefault());
        this.pool = pool;
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        return new AsyncCompareAndSwapOperation() {
            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
                return pool.preparedQuery("SELECT state FROM rate_limit_bucket WHERE bucket_key = $1")
                        .execute(Tuple.of(key))
                        .map(rows -> rows.rowCount() == 0 ? Optional.<byte[]>empty()
                                : Optional.of(rows.iterator().next().getBuffer("state").getBytes()))
                        .subscribeAsCompletionStage();
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(byte[] original, byte[] next, RemoteBucketState state,
                    Optional<Long> timeoutNanos) {
                var write = original == null
                        ? pool.preparedQuery("INSERT INTO rate_limit_bucket (bucket_key, state) VALUES ($1, $2) "
                                + "ON CONFLICT (bucket_key) DO NOTHING").execute(Tuple.tuple().addString(key).addBuffer(Buffer.buffer(next)))
                        : pool.preparedQuery("UPDATE rate_limit_bucket SET state = $2, updated_at = now() "
                                + "WHERE bucket_key = $1 AND state = $3")
                                .execute(Tuple.tuple().addString(key).addBuffer(Buffer.buffer(next))
                                        .addBuffer(Buffer.buffer(original)));
                return write.map(rows -> rows.rowCount() == 1).subscribeAsCompletionStage();
            }
        };
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("the buckets are served asynchronously only: use asAsync()");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return true;
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        return pool.preparedQuery("DELETE FROM rate_limit_bucket WHERE bucket_key = $1").execute(Tuple.of(key))
                .replaceWithVoid().subscribeAsCompletionStage();
    }

    @Override
    public void removeProxy(String key) {
        throw new UnsupportedOperationException("the buckets are served asynchronously only: use asAsync()");
    }
}
