package com.gitlab.marketplace.license.format;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Base64 as Ruby's {@code Base64.encode64} writes it, which the license format uses at both levels: lines of
 * 60 characters, each ending in a newline (the last one too). Decoding ignores line breaks.
 */
public final class RubyBase64 {

    private static final int LINE = 60;

    private RubyBase64() {
    }

    public static String encode64(byte[] bytes) {
        String plain = Base64.getEncoder().encodeToString(bytes);
        StringBuilder lines = new StringBuilder(plain.length() + plain.length() / LINE + 1);
        for (int i = 0; i < plain.length(); i += LINE) {
            lines.append(plain, i, Math.min(plain.length(), i + LINE)).append('\n');
        }
        return lines.toString();
    }

    public static byte[] decode64(String text) {
        return Base64.getMimeDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
    }
}
