package com.gitlab.marketplace.order.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/marketplace/subscriptions} (API.md §2.1). Field rules are declared here;
 * the rules that need the catalog or the whole request live in {@code OrderValidator}. Unknown fields are
 * ignored.
 */
public record SubscriptionRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE, message = "must contain printable characters only")
        String externalSubscriptionId,
        @NotBlank @Size(max = 18) String tradingPartnerId,
        @NotNull @Valid Customer customer,
        @NotNull @Size(min = 1, max = 20) List<@NotNull @Valid OrderLine> orderLines) {

    /**
     * Printable ASCII, anchored: the same rule in Java and in the JavaScript regex dialect that partners'
     * validators use on the API document (Java's {@code \p{Print}} means nothing to them).
     */
    public static final String PRINTABLE = "^[ -~]*$";

    public record Customer(
            @NotBlank @Size(max = 255) String companyName,
            @NotNull @Valid Contact contact,
            @NotNull @Valid Address address) {
    }

    public record Contact(
            @NotBlank @Size(max = 100) String firstName,
            @NotBlank @Size(max = 100) String lastName,
            @NotBlank @Size(max = 254) @Email(regexp = ".+@.+\\..+", message = "must be a valid email address")
            String email,
            @Size(max = 40) String phone) {
    }

    public record Address(
            @Size(max = 255) String address1,
            @Schema(nullable = true) @Size(max = 255) String address2,
            @Size(max = 100) String city,
            @Size(max = 100) String state,
            @Size(max = 20) String postalCode,
            @NotBlank String country) {
    }

    /**
     * {@code quantity} must also be a whole number ({@code 25.0} is), which {@code OrderValidator} checks; the
     * document says integer, so generated clients send whole numbers.
     */
    public record OrderLine(
            @NotBlank @Size(max = 64) String productId,
            @Schema(type = SchemaType.INTEGER, example = "25") @NotNull @DecimalMin(value = "1", message = "must be between 1 and 100000")
            @DecimalMax(value = "100000", message = "must be between 1 and 100000") BigDecimal quantity) {
    }
}
