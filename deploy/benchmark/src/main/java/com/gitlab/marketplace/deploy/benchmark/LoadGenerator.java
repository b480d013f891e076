package com.gitlab.marketplace.deploy.benchmark;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * The benchmark's load: HTTP over Vert.x's client (non-blocking, so the generator costs the shared cores
 * little), and statements straight to PostgreSQL over JDBC for the anchors. Closed loop (N clients, each
 * sending as soon as its previous answer came) for throughput at a concurrency, open loop (a fixed arrival
 * rate whatever the answers do) for latency under load. Open-loop latencies count from each request's
 * scheduled time, so a stalled server cannot hide its queue (coordinated omission).
 */
final class LoadGenerator implements AutoCloseable {

    /** One HTTP request to send; {@code body} gets its number within the run (each run counts from 1). */
    record HttpCall(HttpMethod method, URI url, Map<String, String> headers, IntFunction<String> body) {
    }

    /** One unit of database work on a client's own connection (a prepared statement it keeps). */
    interface DatabaseCall {
        void run(Connection connection, int sequence) throws Exception;
    }

    /** What a run measured: completed calls, failures (non-2xx or errors), wall time, latencies in µs. */
    record Result(long completed, long failed, Duration elapsed, org.HdrHistogram.Histogram latencyMicros) {

        double perSecond() {
            return completed / (elapsed.toNanos() / 1e9);
        }

        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final Vertx vertx = Vertx.vertx();

    /** {@code clients} concurrent HTTP clients, back to back, for {@code duration}. */
    Result closedLoop(HttpCall call, int clients, Duration duration) throws InterruptedException {
        HttpClient http = client(clients);
        Recorder latencies = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            vertx.runOnContext(ignored -> loop(http, call, end, latencies, completed, failed, sequence, done));
        }
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        http.close();
        return new Result(completed.get(), failed.get(), elapsed, latencies.getIntervalHistogram());
    }

    private void loop(HttpClient http, HttpCall call, long end, Recorder latencies, AtomicLong completed,
            AtomicLong failed, AtomicLong sequence, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        send(http, call, (int) sequence.incrementAndGet()).onComplete(outcome -> {
            latencies.recordValue((System.nanoTime() - sent) / 1000);
            (outcome.succeeded() && outcome.result() < 300 ? completed : failed).incrementAndGet();
            loop(http, call, end, latencies, completed, failed, sequence, done);
        });
    }

    /** {@code rate} requests a second for {@code duration}, however slowly they are answered. */
    Result openLoop(HttpCall call, int rate, Duration duration) throws InterruptedException {
        HttpClient http = client(Math.min(1024, Math.max(16, rate / 10)));
        Recorder latencies = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long total = rate * duration.toSeconds();
        CountDownLatch done = new CountDownLatch((int) total);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int sequence = (int) i + 1;
            vertx.runOnContext(ignored -> send(http, call, sequence).onComplete(outcome -> {
                latencies.recordValue((System.nanoTime() - scheduled) / 1000);
                (outcome.succeeded() && outcome.result() < 300 ? completed : failed).incrementAndGet();
                done.countDown();
            }));
        }
        done.await(60, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        http.close();
        return new Result(completed.get(), failed.get(), elapsed, latencies.getIntervalHistogram());
    }

    /** {@code clients} threads, each with its own connection, running {@code call} back to back. */
    static Result closedLoop(String jdbcUrl, String user, String password, DatabaseCall call, int clients,
            Duration duration) throws Exception {
        Recorder latencies = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            // prepareThreshold=1: server-side prepared from the first execution, as pgbench -M prepared does.
            connections.add(DriverManager.getConnection(jdbcUrl + "?prepareThreshold=1", user, password));
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (Connection connection : connections) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        call.run(connection, (int) sequence.incrementAndGet());
                        completed.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    latencies.recordValue((System.nanoTime() - sent) / 1000);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        for (Connection connection : connections) {
            connection.close();
        }
        return new Result(completed.get(), failed.get(), elapsed, latencies.getIntervalHistogram());
    }

    private HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    private static Future<Integer> send(HttpClient http, HttpCall call, int sequence) {
        RequestOptions options = new RequestOptions().setMethod(call.method()).setHost(call.url().getHost())
                .setPort(call.url().getPort()).setURI(call.url().getRawPath());
        call.headers().forEach(options::putHeader);
        String body = call.body() == null ? null : call.body().apply(sequence);
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()));
    }

    @Override
    public void close() {
        vertx.close();
    }
}
