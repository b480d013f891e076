package com.gitlab.marketplace.order.rest;

import com.gitlab.marketplace.http.errors.ApiError.FieldError;
import com.gitlab.marketplace.http.errors.ValidationFailedException;
import com.gitlab.marketplace.order.status.OrderQuery;
import com.gitlab.marketplace.order.status.OrderStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The query parameters of the partner's list (API.md §2.5), checked: 422 {@code validation_failed} naming each bad
 * one. No status means all four.
 */
record SubscriptionListRequest(List<OrderStatus> statuses, Instant updatedSince, int pageSize) {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;

    static SubscriptionListRequest parse(List<String> status, String updatedSince, String pageSize) {
        List<FieldError> errors = new ArrayList<>();
        List<OrderStatus> wanted = ListParameters.statuses(status, errors);
        Instant since = updatedSince(updatedSince, errors);
        int size = ListParameters.pageSize(pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return new SubscriptionListRequest(wanted.isEmpty() ? List.of(OrderStatus.values()) : wanted, since, size);
    }

    /** What a page token is made for besides the partner: these filters, so it serves no other list. */
    String filters() {
        return statuses + "|" + updatedSince;
    }

    /** The partner's orders of this list after {@code after}, one more than a page to tell whether another follows. */
    OrderQuery query(String partnerId, OrderQuery.Position after) {
        return new OrderQuery(partnerId, null, statuses, updatedSince, null, after, pageSize + 1);
    }

    private static Instant updatedSince(String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("updatedSince", "must be an RFC 3339 date-time with an offset, such as "
                    + "2026-11-21T10:00:00Z" + (value.contains(" ") ? " (a '+' in a query string is sent as %2B)" : "")
                    + ", not '" + ListParameters.printable(value) + "'"));
            return null;
        }
    }
}
