package com.gitlab.marketplace.token.rest.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Set;

/**
 * Credentials to issue: for a partner (order scopes) or, with no partnerId, for an operator (admin scope).
 * Without {@code scopes}, a partner client gets both order scopes (what a partner integration uses) and an
 * operator client the admin scope.
 */
public record ClientRequest(
        String partnerId,
        @Size(min = 1, message = "must not be empty; leave scopes out for the default") Set<@NotBlank String> scopes,
        @Size(max = 200) String description) {
}
