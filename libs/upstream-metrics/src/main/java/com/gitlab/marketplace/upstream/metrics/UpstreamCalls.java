package com.gitlab.marketplace.upstream.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Function;

/**
 * Calls to one upstream system (Zuora, Salesforce) as operators watch them: {@code marketplace_upstream_calls}
 * by system, operation and outcome, a latency histogram. Each attempt counts once, retries included, so a
 * rising share of {@code transient} outcomes shows trouble upstream before any order fails.
 */
public final class UpstreamCalls {

    /** The outcome of an attempt that returned normally. */
    public static final String SUCCESS = "success";

    private final MeterRegistry registry;
    private final String system;

    public UpstreamCalls(MeterRegistry registry, String system) {
        this.registry = registry;
        this.system = system;
    }

    /**
     * Times one attempt of {@code call} from its subscription to its end.
     *
     * @param outcomeOfFailure names a failure's outcome from a small fixed set (e.g. rejected, transient)
     */
    public <T> Uni<T> timed(String operation, Function<Throwable, String> outcomeOfFailure, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return call.onItemOrFailure().invoke((item, failure) -> sample.stop(timer(operation,
                    failure == null ? SUCCESS : outcomeOfFailure.apply(failure))));
        });
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("marketplace.upstream.calls")
                .description("Calls to Zuora and Salesforce (each attempt), by operation and outcome")
                .tags("system", system, "operation", operation, "outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
    }
}
