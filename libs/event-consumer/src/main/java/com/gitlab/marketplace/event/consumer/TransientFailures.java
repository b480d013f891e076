package com.gitlab.marketplace.event.consumer;

import com.fasterxml.jackson.core.JacksonException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that may pass by itself (the database unreachable, restarting or overloaded, a
 * serialization conflict, a timeout) from one that will repeat on every delivery of the same event (a
 * constraint violation, a bad value, text that is not JSON, a bug). Only the first kind is worth retrying;
 * retrying the second forever would stop the whole partition behind one event.
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
            if (unreadable(cause)) {
                return false; // the same bytes will be as unreadable next time
            }
            if (cause instanceof RetryLaterException || cause instanceof IOException || cause instanceof TimeoutException
                    || cause instanceof VertxException || cause instanceof NoStackTraceThrowable
                    || cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("closed")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Input that cannot be parsed: JSON that is not JSON, bytes that are not text. */
    private static boolean unreadable(Throwable cause) {
        return cause instanceof JacksonException || cause instanceof CharacterCodingException
                || cause instanceof CharConversionException;
    }
}
