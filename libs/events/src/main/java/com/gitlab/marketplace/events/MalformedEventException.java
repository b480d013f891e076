package com.gitlab.marketplace.events;

/** A record on a platform topic that does not follow the event contract: a poison message for the DLQ. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
