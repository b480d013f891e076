package com.gitlab.marketplace.events.order;

/** The end customer a partner orders for; owner of the subscription. */
public record Customer(String companyName, Contact contact, Address address) {
}
