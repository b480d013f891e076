package com.gitlab.marketplace.order.rest.admin;

import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import com.gitlab.marketplace.order.catalog.Product;
import com.gitlab.marketplace.order.catalog.ProductCatalog;
import com.gitlab.marketplace.order.security.OperatorApi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators read and edit the product catalog (scope {@code marketplace.admin}). */
@Path("/admin/products")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.ADMIN)
@OperatorApi
// The operator document (/q/openapi-operator), not the partners'.
@Tag(name = ApiDocuments.OPERATOR_TAG)
@Extension(name = ApiDocuments.OPERATOR_PROFILE, value = "")
public class ProductAdminResource {

    private final ProductCatalog catalog;

    public ProductAdminResource(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(operationId = "get_admin_products", summary = "List the product catalog",
            description = "Every product, sold or not (active=false), sorted by productId.")
    public List<Product> list() {
        return catalog.all().stream().sorted(Comparator.comparing(Product::productId)).toList();
    }

    @PUT
    @Path("{productId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "put_admin_products__product_id_", summary = "Create or change a product",
            description = "This instance uses the change at once; the others when they next reload the catalog "
                    + "(order-api.catalog-reload-interval). Set active=false to stop selling it; orders already "
                    + "placed keep it.")
    public Uni<Product> save(@PathParam("productId") @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,63}$",
            message = "must be 2 to 64 lower-case letters, digits or '-'") String productId,
            @Valid @NotNull ProductRequest request) {
        return catalog.save(new Product(productId, request.name(), request.kind(), request.licensePlan(),
                request.termMonths(), request.zuoraProductRatePlanId(), request.zuoraProductRatePlanChargeId(),
                request.salesforceProductCode(), request.active() == null || request.active()));
    }

    /** A product's fields. */
    public record ProductRequest(
            @NotBlank String name,
            @NotBlank @Pattern(regexp = "^(plan|add_on)$", message = "must be plan or add_on") String kind,
            @NotBlank String licensePlan,
            @Min(1) int termMonths,
            @NotBlank String zuoraProductRatePlanId,
            @NotBlank String zuoraProductRatePlanChargeId,
            @NotBlank String salesforceProductCode,
            Boolean active) {
    }
}
