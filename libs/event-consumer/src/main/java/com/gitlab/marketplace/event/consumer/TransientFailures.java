package com.gitlab.marketplace.event.consumer;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that may pass by itself (the database unreachable, restarting or overloaded, a
 * serialization conflict, a timeout) from one that will repeat on every delivery of the same event (a
 * constraint violation, a bad value, a bug). Only the first kind is worth retrying; retrying the second
 * forever would stop the whole partition behind one event.
 */
public final class TransientFailures {

    /** SQLSTATE classes and codes that describe the moment, not the event. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final Set<String> TRANSIENT_CODES = Set.of("55P03", "55006");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                String state = String.valueOf(pg.getSqlState());
                return TRANSIENT_CODES.contains(state) || TRANSIENT_CLASSES.contains(state.substring(0, 2));
            }
            if (cause instanceof RetryLaterException || cause instanceof IOException || cause instanceof TimeoutException
                    || cause instanceof io.vertx.core.VertxException
                    || cause instanceof io.vertx.core.impl.NoStackTraceThrowable
                    || cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("closed")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
