package com.gitlab.marketplace.infrastructure.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Hands a database on the JVM's embedded PostgreSQL to a {@code @QuarkusTest}: sets the JDBC and the
 * reactive URL of the default datasource. Init arg {@code database} names the service's database.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_ARG = "database";

    private String databaseName;

    @Override
    public void init(Map<String, String> initArgs) {
        databaseName = initArgs.get(DATABASE_ARG);
        if (databaseName == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs the init arg '" + DATABASE_ARG
                    + "' naming the service's database");
        }
    }

    @Override
    public Map<String, String> start() {
        PostgresServer.Database database = PostgresServer.shared().database(databaseName);
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        // The server is shared by every test of the JVM and stops with it.
    }
}
