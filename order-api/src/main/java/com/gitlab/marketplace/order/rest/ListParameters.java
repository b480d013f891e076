package com.gitlab.marketplace.order.rest;

import com.gitlab.marketplace.http.errors.ApiError.FieldError;
import com.gitlab.marketplace.order.status.OrderStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Query parameters the partner's and the operators' lists share, checked alike (each bad one named). */
public final class ListParameters {

    private ListParameters() {
    }

    /** The distinct statuses asked for, in the enum's order; each unknown one is an error naming {@code status}. */
    public static List<OrderStatus> statuses(List<String> values, List<FieldError> errors) {
        List<OrderStatus> wanted = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            try {
                OrderStatus status = OrderStatus.valueOf(value);
                if (!wanted.contains(status)) {
                    wanted.add(status);
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "must be one of " + Arrays.toString(OrderStatus.values())
                        + ", not '" + printable(value) + "'"));
            }
        }
        wanted.sort(null);
        return wanted;
    }

    /** {@code pageSize} as given, from 1 to {@code max}; {@code defaultSize} when absent (a bad one is named). */
    public static int pageSize(String value, int defaultSize, int max, List<FieldError> errors) {
        if (value == null) {
            return defaultSize;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= max) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        errors.add(new FieldError("pageSize", "must be a whole number from 1 to " + max));
        return defaultSize;
    }

    /** A value echoed in a message, cut short and without control characters. */
    public static String printable(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
