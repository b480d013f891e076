package com.gitlab.marketplace.zuora;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DatabaseConnectionTests {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyJdbcConnectionGivesUpOnASilentServerAfterAMinute() throws Exception {
        // The step workers' JDBC connections (db-scheduler): without a socket timeout, a server or network that
        // goes silent mid-query holds a worker thread for the hours TCP waits.
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(60_000);
        }
    }
}
