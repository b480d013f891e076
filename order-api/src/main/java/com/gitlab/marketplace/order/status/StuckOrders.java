package com.gitlab.marketplace.order.status;

/** How many orders of a partner have waited for one step for longer than the stuck threshold. */
public record StuckOrders(String partnerId, String step, long orders) {
}
