package com.gitlab.marketplace.event.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures a consumer retries (they pass by themselves) and which it dead-letters (they repeat). */
class TransientFailuresTests {

    @Test
    void theDatabaseAwayOrBusyIsTransient() {
        assertThat(TransientFailures.isTransient(pg("08006"))).as("connection failure").isTrue();
        assertThat(TransientFailures.isTransient(pg("40001"))).as("serialization conflict").isTrue();
        assertThat(TransientFailures.isTransient(pg("57P01"))).as("admin shutdown").isTrue();
        assertThat(TransientFailures.isTransient(pg("55P03"))).as("lock not available").isTrue();
        assertThat(TransientFailures.isTransient(new CompletionException(new ConnectException("refused"))))
                .as("a connection refused, wrapped").isTrue();
        assertThat(TransientFailures.isTransient(new TimeoutException())).isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("Pool closed"))).isTrue();
    }

    @Test
    void whatTheEventItselfCausesIsNot() {
        assertThat(TransientFailures.isTransient(pg("23505"))).as("unique violation").isFalse();
        assertThat(TransientFailures.isTransient(pg("22P02"))).as("invalid text representation").isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad value"))).isFalse();
    }

    @Test
    void textThatIsNotJsonIsNotTransientThoughJacksonCallsItAnIoException() {
        IOException notJson = null;
        try {
            new ObjectMapper().readTree("<html>502 Bad Gateway</html>");
        } catch (IOException e) {
            notJson = e;
        }
        assertThat(notJson).isInstanceOf(JsonParseException.class);
        assertThat(TransientFailures.isTransient(notJson)).isFalse();
        assertThat(TransientFailures.isTransient(new RuntimeException(notJson))).isFalse();
    }

    private static PgException pg(String sqlState) {
        return new PgException("failure " + sqlState, "ERROR", sqlState, null);
    }
}
