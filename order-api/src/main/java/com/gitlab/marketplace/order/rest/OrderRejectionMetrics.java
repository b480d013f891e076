package com.gitlab.marketplace.order.rest;

import com.gitlab.marketplace.http.errors.ApiError;
import com.gitlab.marketplace.order.metrics.OrderMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts every order POST answered with a 4xx, by the answer's error code (validation_failed, ...). Not
 * subscription_failed: that order was accepted, and counts as Failed once.
 */
@Provider
public class OrderRejectionMetrics implements ContainerResponseFilter {

    private static final String ORDERS_PATH = "/api/v1/marketplace/subscriptions";

    private final OrderMetrics metrics;

    public OrderRejectionMetrics(OrderMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        String path = request.getUriInfo().getPath();
        if (status >= 400 && status < 500 && "POST".equals(request.getMethod())
                && (path.equals(ORDERS_PATH) || path.equals(ORDERS_PATH + "/"))) {
            String reason = response.getEntity() instanceof ApiError error ? error.error() : "http_" + status;
            if (!reason.equals("subscription_failed")) {
                metrics.rejected(reason);
            }
        }
    }
}
