package com.gitlab.marketplace.order.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Identifies "the same body" for idempotent replays: SHA-256 of the request as we understood it (known
 * fields only, keys in alphabetical order, quantities as integers), so formatting, key order, unknown fields
 * or {@code 25} vs {@code 25.0} do not make a replay look different. Written in one pass; the bytes are those
 * of earlier versions (which went through a tree and back), as stored fingerprints must still match.
 */
public final class RequestFingerprint {

    private static final ObjectWriter CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .addModule(new SimpleModule().addSerializer(BigDecimal.class, new WholeNumber()))
            .build()
            .writer();

    private RequestFingerprint() {
    }

    public static byte[] of(Object request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(request));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    /** Quantities, the only decimals: validated whole numbers by now, written as integers. */
    private static final class WholeNumber extends StdSerializer<BigDecimal> {

        WholeNumber() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeNumber(value.intValueExact());
        }
    }
}
