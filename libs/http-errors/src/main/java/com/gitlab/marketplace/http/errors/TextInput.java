package com.gitlab.marketplace.http.errors;

import java.util.Optional;

/**
 * The rule every text input of the platform's APIs follows: no control characters (U+0000–U+001F,
 * U+007F–U+009F), no unpaired surrogates, no bidirectional formatting characters (embeddings, overrides,
 * isolates and the LRM, RLM and ALM marks) and no line or paragraph separators (U+2028, U+2029). PostgreSQL
 * refuses NUL in text, so without this rule such input would fail deep in a query as a 500; direction
 * characters make a name read differently from what it holds (an id or a file name shown reversed in an
 * operator's terminal, a license or an email), and separators break lines in logs and CSV like a newline. No
 * name, id, email or description legitimately holds any of them; right-to-left text itself is fine.
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
            if (isDirectionFormatting(c)) {
                return Optional.of(String.format("must not contain bidirectional formatting characters (found "
                        + "U+%04X)", (int) c));
            }
            if (c == '\u2028' || c == '\u2029') {
                return Optional.of(String.format("must not contain line or paragraph separators (found U+%04X)",
                        (int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must be valid Unicode text (found an unpaired surrogate)");
            }
        }
        return Optional.empty();
    }

    private static boolean isDirectionFormatting(char c) {
        if (c == '\u200E' || c == '\u200F' || c == '\u061C') { // LRM, RLM, ALM
            return true;
        }
        return switch (Character.getDirectionality(c)) {
            case Character.DIRECTIONALITY_LEFT_TO_RIGHT_EMBEDDING, Character.DIRECTIONALITY_LEFT_TO_RIGHT_OVERRIDE,
                    Character.DIRECTIONALITY_RIGHT_TO_LEFT_EMBEDDING, Character.DIRECTIONALITY_RIGHT_TO_LEFT_OVERRIDE,
                    Character.DIRECTIONALITY_POP_DIRECTIONAL_FORMAT, Character.DIRECTIONALITY_LEFT_TO_RIGHT_ISOLATE,
                    Character.DIRECTIONALITY_RIGHT_TO_LEFT_ISOLATE, Character.DIRECTIONALITY_FIRST_STRONG_ISOLATE,
                    Character.DIRECTIONALITY_POP_DIRECTIONAL_ISOLATE -> true;
            default -> false;
        };
    }
}
