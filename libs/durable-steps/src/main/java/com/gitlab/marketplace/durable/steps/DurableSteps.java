package com.gitlab.marketplace.durable.steps;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A service's durable steps inside Quarkus: the {@link StepHandler} beans it declares, run by a
 * {@link StepEngine} on its JDBC datasource, and the calls its consumers and resources use to record work in
 * their own reactive transactions. After such a transaction commits, {@link #wake()} runs the new steps at
 * once instead of at the next poll.
 */
@ApplicationScoped
public class DurableSteps {

    private static final Logger LOG = Logger.getLogger(DurableSteps.class);

    private final StepStore store;
    private final List<StepHandler> handlers;
    private final DurableStepsConfig config;
    private final AgroalDataSource dataSource;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private volatile StepEngine engine;

    public DurableSteps(Pool pool, @All List<StepHandler> handlers, DurableStepsConfig config,
            AgroalDataSource dataSource, MeterRegistry registry) {
        this.store = new StepStore(pool);
        this.handlers = handlers;
        this.config = config;
        this.dataSource = dataSource;
        this.registry = registry;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.enabled() || handlers.isEmpty()) {
            return;
        }
        engine = new StepEngine(dataSource, store, handlers, new StepSettings(config.workerName().orElseGet(
                DurableSteps::defaultWorkerName), config.threads(), config.pollingInterval(), config.heartbeatInterval(),
                config.missedHeartbeats(), config.firstRetryDelay(), config.maxRetryDelay(), config.shutdownWait()),
                registry, clock);
        engine.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (engine != null) {
            engine.close();
        }
    }

    /** Records steps not recorded yet, in the caller's transaction; answers how many were new. */
    public Uni<Integer> record(SqlClient tx, List<NewStep> steps) {
        return store.record(tx, steps, clock.instant());
    }

    public Uni<Integer> record(SqlClient tx, NewStep step) {
        return record(tx, List.of(step));
    }

    /** See {@link StepStore#reopen}. */
    public Uni<Boolean> reopen(SqlClient tx, String kind, String subject, int attempt, Instant runAt,
            Instant deadline) {
        return store.reopen(tx, kind, subject, attempt, runAt, deadline, clock.instant());
    }

    /** See {@link StepStore#redrive}; each kind gets its handler's deadline. Logs what it made due, for the audit. */
    public Uni<List<Step>> redrive(SqlClient tx, UUID orderId, String requestedBy, String reason) {
        return store.redrive(tx, orderId, kind -> handlers.stream().filter(handler -> handler.kind().equals(kind))
                        .findFirst().map(StepHandler::deadline).orElse(null), clock.instant())
                .invoke(redriven -> LOG.infof("order %s re-driven by %s (%s): %s", orderId, requestedBy, reason,
                        redriven.isEmpty() ? "nothing unfinished here" : redriven.stream()
                                .map(step -> step.kind() + " (was " + step.state().column() + ", " + step.tries()
                                        + " tries)").toList()));
    }

    /** See {@link StepStore#runAgain}. */
    public Uni<Void> runAgain(SqlClient tx, NewStep step) {
        return store.runAgain(tx, step, clock.instant());
    }

    /** See {@link StepStore#runBy}. */
    public Uni<Void> runBy(SqlClient tx, String kind, String subject, Instant at) {
        return store.runBy(tx, kind, subject, at);
    }

    /** See {@link StepStore#complete}. */
    public Uni<Boolean> complete(SqlClient tx, String kind, String subject) {
        return store.complete(tx, kind, subject, clock.instant());
    }

    public Uni<Optional<Step>> find(String kind, String subject) {
        return store.find(kind, subject);
    }

    /** The order's steps with every try, for the operators' timeline. */
    public Uni<List<StepReport>> report(UUID orderId) {
        return store.reportOfOrder(orderId);
    }

    public Uni<List<Step>> ofOrder(UUID orderId) {
        return store.ofOrder(orderId);
    }

    /** Runs due steps now; call it once the transaction that recorded them has committed. */
    public void wake() {
        if (engine != null) {
            engine.wake();
        }
    }

    /** Whether this replica's workers take steps. */
    public boolean running() {
        return engine != null && engine.running();
    }

    public boolean enabled() {
        return config.enabled() && !handlers.isEmpty();
    }

    private static String defaultWorkerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String name = host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        return name.length() <= 50 ? name : name.substring(name.length() - 50);
    }
}
