package com.gitlab.marketplace.http.errors;

import java.util.Optional;

/**
 * The rule every text input of the platform's APIs follows: no control characters (U+0000–U+001F,
 * U+007F–U+009F) and no unpaired surrogates. PostgreSQL refuses NUL in text, so without this rule such input
 * would fail deep in a query as a 500; and no name, id, email or description legitimately holds them.
 */
public final class TextInput {

    private TextInput() {
    }

    /** Why {@code value} is not acceptable text, or empty when it is. */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(String.format("must not contain control characters (found U+%04X)", (int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must be valid Unicode text (found an unpaired surrogate)");
            }
        }
        return Optional.empty();
    }
}
