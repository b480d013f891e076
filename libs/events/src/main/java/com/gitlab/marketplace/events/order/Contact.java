package com.gitlab.marketplace.events.order;

/** The customer's contact person; receives the license email. {@code phone} may be null. */
public record Contact(String firstName, String lastName, String email, String phone) {
}
