package com.gitlab.marketplace.order.service;

import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.order.status.OrderQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The page tokens of the partner list (API.md §2.5): where the page ended, with a MAC over it, the partner and the
 * filters, under the key in {@code page_token_key} (shared by every replica). A token altered, made for another
 * partner or for other filters is a 400 {@code invalid_page_token}, never a page of something else.
 */
@ApplicationScoped
public class PageTokens {

    private static final String ALGORITHM = "HmacSHA256";
    /** 128 bits of the MAC: forging one is as hard as guessing a random UUID four times over. */
    private static final int MAC_BYTES = 16;
    private static final String VERSION = "1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Pool pool;
    private volatile SecretKeySpec key;

    public PageTokens(Pool pool) {
        this.pool = pool;
    }

    /** The token of the page after {@code last}, for this partner and these filters. */
    public Uni<String> after(String partnerId, String filters, OrderQuery.Position last) {
        String position = String.join("|", VERSION,
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, last.updatedAt())), last.orderId().toString());
        return key().map(secret -> ENCODER.encodeToString(position.getBytes(StandardCharsets.UTF_8)) + "."
                + ENCODER.encodeToString(mac(secret, partnerId, filters, position)));
    }

    /**
     * Where the previous page ended; null without a token.
     *
     * @throws ApiException 400 {@code invalid_page_token} for a token this partner was not given for these filters
     */
    public Uni<OrderQuery.Position> open(String partnerId, String filters, String token) {
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        return key().map(secret -> {
            try {
                int dot = token.indexOf('.');
                if (dot > 0) {
                    String position = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
                    byte[] given = DECODER.decode(token.substring(dot + 1));
                    String[] parts = position.split("\\|");
                    if (MessageDigest.isEqual(given, mac(secret, partnerId, filters, position)) && parts.length == 3
                            && VERSION.equals(parts[0])) {
                        return new OrderQuery.Position(Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS),
                                UUID.fromString(parts[2]));
                    }
                }
            } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
                // not a token of ours: answered below
            }
            throw new ApiException(400, "invalid_page_token", "pageToken is not a nextPageToken this list gave you "
                    + "for these filters (status, updatedSince); start again without it");
        });
    }

    private static byte[] mac(SecretKeySpec secret, String partnerId, String filters, String position) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            // Separated by a character none of the parts contains, so no two inputs read alike.
            String signed = partnerId + '\0' + filters + '\0' + position;
            return Arrays.copyOf(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        }
    }

    /** The key, read once (it changes only when an operator rotates it, and then a restart picks it up). */
    private Uni<SecretKeySpec> key() {
        SecretKeySpec known = key;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.query("SELECT secret FROM page_token_key").execute().map(rows -> {
            SecretKeySpec read = new SecretKeySpec(rows.iterator().next().getBuffer("secret").getBytes(), ALGORITHM);
            key = read;
            return read;
        });
    }
}
