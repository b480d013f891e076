package com.gitlab.marketplace.order.service;

import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.http.errors.ApiError;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.http.errors.ValidationFailedException;
import com.gitlab.marketplace.order.catalog.Product;
import com.gitlab.marketplace.order.catalog.ProductCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an order request and reports every violation at once (422 {@code validation_failed}): the field
 * rules of {@link SubscriptionRequest}, plus the country code, duplicate and unknown products, and exactly one
 * base plan.
 */
@ApplicationScoped
public class OrderValidator {

    private final Validator validator;
    private final ProductCatalog catalog;

    public OrderValidator(Validator validator, ProductCatalog catalog) {
        this.validator = validator;
        this.catalog = catalog;
    }

    /**
     * Validates the request against one snapshot of the catalog.
     *
     * @return the product of each order line, in line order, from that snapshot
     * @throws ApiException 422 listing every invalid field
     */
    public List<Product> validate(SubscriptionRequest request) {
        Map<String, Product> products = catalog.snapshot();
        List<Product> resolved = new ArrayList<>();
        List<ApiError.FieldError> errors = new ArrayList<>(ValidationFailedException.fieldErrors(validator.validate(request)));
        if (request.customer() != null && request.customer().address() != null) {
            String country = request.customer().address().country();
            if (country != null && !country.isBlank() && CountryCodes.alpha2(country).isEmpty()) {
                errors.add(new ApiError.FieldError("customer.address.country",
                        "must be an ISO 3166-1 alpha-2 or alpha-3 country code, e.g. US or USA"));
            }
        }
        if (request.orderLines() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < request.orderLines().size(); i++) {
                SubscriptionRequest.OrderLine line = request.orderLines().get(i);
                if (line != null && line.quantity() != null && line.quantity().stripTrailingZeros().scale() > 0) {
                    errors.add(new ApiError.FieldError("orderLines[" + i + "].quantity", "must be a whole number"));
                }
                if (line == null || line.productId() == null || line.productId().isBlank()) {
                    continue;
                }
                String field = "orderLines[" + i + "].productId";
                Optional<Product> product = ProductCatalog.orderable(products, line.productId());
                product.ifPresent(resolved::add);
                if (product.isEmpty()) {
                    errors.add(new ApiError.FieldError(field, "unknown product '" + line.productId() + "'"));
                } else if (!seen.add(line.productId())) {
                    errors.add(new ApiError.FieldError(field,
                            "duplicate product '" + line.productId() + "': order it once with the total quantity"));
                }
            }
        }
        if (errors.isEmpty()) {
            basePlanProblem(resolved).ifPresent(problem -> errors.add(new ApiError.FieldError("orderLines", problem)));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return resolved;
    }

    /**
     * A subscription has one base plan: its tier, seats and term (Zuora's term and the license's expiry both
     * come from it); add-ons ride on it.
     */
    private static Optional<String> basePlanProblem(List<Product> products) {
        List<String> plans = products.stream().filter(p -> OrderLine.PLAN.equals(p.kind())).map(Product::productId)
                .toList();
        if (plans.size() == 1) {
            return Optional.empty();
        }
        return Optional.of(plans.isEmpty()
                ? "must include exactly one base plan (a product of kind 'plan', e.g. premium-saas-1y); add-ons are "
                        + "ordered with a plan"
                : "must include exactly one base plan, not " + plans.size() + " (" + String.join(", ", plans)
                        + "): order each plan as a subscription of its own");
    }
}
