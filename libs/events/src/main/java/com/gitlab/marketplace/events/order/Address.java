package com.gitlab.marketplace.events.order;

/** The customer's address; {@code country} is an ISO 3166-1 alpha-2 code. Only country is required. */
public record Address(String address1, String address2, String city, String state, String postalCode,
        String country) {
}
