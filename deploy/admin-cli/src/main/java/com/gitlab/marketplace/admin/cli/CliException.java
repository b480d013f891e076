package com.gitlab.marketplace.admin.cli;

/** A failure to report to the operator in one line (no stack trace); exit code 1. */
final class CliException extends RuntimeException {

    CliException(String message) {
        super(message, null, false, false);
    }
}
