package com.gitlab.marketplace.event.consumer;

/**
 * The event cannot be handled yet, but will be: something another process holds (a claim, a lease) must
 * end first. The consumer retries it with backoff like any transient failure, instead of dead-lettering it.
 */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message) {
        super(message, null, false, false);
    }
}
