package com.gitlab.marketplace.token.rest.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** Credentials to issue: for a partner (order scopes) or, with no partnerId, for an operator (admin scope). */
public record ClientRequest(
        String partnerId,
        @NotEmpty Set<@NotBlank String> scopes,
        @Size(max = 200) String description) {
}
