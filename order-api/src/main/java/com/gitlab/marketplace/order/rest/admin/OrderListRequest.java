package com.gitlab.marketplace.order.rest.admin;

import com.gitlab.marketplace.http.errors.ApiError.FieldError;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.http.errors.ValidationFailedException;
import com.gitlab.marketplace.order.rest.ListParameters;
import com.gitlab.marketplace.order.status.OrderQuery;
import com.gitlab.marketplace.order.status.OrderStatus;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The query parameters of {@code GET /admin/orders}, checked (422 {@code validation_failed} naming each bad
 * parameter), and its page tokens. A token carries the paging key of the page's last order and a digest of the
 * filters it was made for, so a token used with other filters, or altered, is a 400 {@code invalid_page_token}
 * rather than a page of something else.
 */
record OrderListRequest(OrderQuery query, String filters) {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;
    private static final int MAX_PARTNER_ID_LENGTH = 64;
    private static final int MAX_EXTERNAL_ID_LENGTH = 100;
    private static final String TOKEN_VERSION = "1";

    static OrderListRequest parse(String partnerId, String externalSubscriptionId, List<String> statuses,
            String stuckFor, String pageSize, String pageToken, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (externalSubscriptionId != null && (partnerId == null || externalSubscriptionId.isBlank()
                || externalSubscriptionId.length() > MAX_EXTERNAL_ID_LENGTH)) {
            errors.add(new FieldError("externalSubscriptionId", partnerId == null
                    ? "needs partnerId: an external id is the partner's own, unique only per partner"
                    : "must be a partner's external id of 1 to " + MAX_EXTERNAL_ID_LENGTH + " characters"));
        }
        if (partnerId != null && (partnerId.isBlank() || partnerId.length() > MAX_PARTNER_ID_LENGTH)) {
            errors.add(new FieldError("partnerId", "must be a partner id of 1 to " + MAX_PARTNER_ID_LENGTH
                    + " characters"));
        }
        List<OrderStatus> wanted = ListParameters.statuses(statuses, errors);
        Duration stuck = stuckFor(stuckFor, errors);
        if (stuck != null && wanted.stream().anyMatch(status -> !OrderQuery.IN_PROGRESS.contains(status))) {
            errors.add(new FieldError("stuckFor", "applies only to orders in progress (status Creating or "
                    + "Created); Failed and Provisioned orders wait for nothing"));
        }
        int size = ListParameters.pageSize(pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        if (wanted.isEmpty()) {
            wanted = stuck != null ? OrderQuery.IN_PROGRESS : List.of(OrderStatus.values());
        }
        String filters = filters(partnerId, externalSubscriptionId, wanted, stuck);
        OrderQuery.Position after = pageToken == null ? null : position(pageToken, filters);
        // Truncated like the column (microseconds), so an order changed exactly stuckFor ago is included.
        Instant notUpdatedSince = stuck == null ? null : now.minus(stuck).truncatedTo(ChronoUnit.MICROS);
        return new OrderListRequest(new OrderQuery(partnerId, externalSubscriptionId, wanted, null, notUpdatedSince,
                after, size), filters);
    }

    /** The token for the page after this one, under the same filters; null when this page is the last. */
    String nextPageToken(List<OrderStatusRecord> page) {
        if (page.size() < query.limit()) {
            return null;
        }
        OrderStatusRecord last = page.get(page.size() - 1);
        String text = String.join("|", TOKEN_VERSION, filters,
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, last.updatedAt())), last.orderId().toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Duration stuckFor(String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.isZero()) {
                errors.add(new FieldError("stuckFor", "must be a positive ISO-8601 duration such as PT15M"));
                return null;
            }
            return duration;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("stuckFor", "must be an ISO-8601 duration such as PT15M, not '"
                    + ListParameters.printable(value) + "'"));
            return null;
        }
    }

    private static OrderQuery.Position position(String token, String filters) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 4 && TOKEN_VERSION.equals(parts[0]) && filters.equals(parts[1])) {
                Instant updatedAt = Instant.EPOCH.plus(Long.parseLong(parts[2]), ChronoUnit.MICROS);
                return new OrderQuery.Position(updatedAt, UUID.fromString(parts[3]));
            }
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            // an altered token: answered below
        }
        throw new ApiException(400, "invalid_page_token", "pageToken is not one this list gave out for these "
                + "filters; start again without it");
    }

    /** A short digest of the filters a token belongs to. */
    private static String filters(String partnerId, String externalSubscriptionId, List<OrderStatus> statuses,
            Duration stuckFor) {
        String text = partnerId + "\n" + externalSubscriptionId + "\n" + statuses + "\n" + stuckFor;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

}
