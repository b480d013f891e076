package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;

import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import com.gitlab.marketplace.order.catalog.Product;
import com.gitlab.marketplace.order.catalog.ProductCatalog;
import com.gitlab.marketplace.order.partner.PartnerAccount;
import com.gitlab.marketplace.order.partner.PartnerReplica;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A catalog reload between an order's validation and the building of its OrderPlaced cannot fail it. */
@QuarkusTest
class CatalogReloadRaceTests {

    @Inject
    Pool pool;

    @Inject
    ProductCatalog catalog;

    @Test
    void aProductWithdrawnWhileTheOrderIsBeingPlacedStillMakesAnOrder() {
        Product product = new Product("race-sm-1y", "Race product, 1 year", "plan", "premium", 12,
                "8a28aa0b00000000000000000000race", "8a28aa0b0000000000000000000race2", "GL-RACE-1Y", true);
        catalog.save(product).await().atMost(Duration.ofSeconds(10));
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);

        // The replica is read after validation and before the order is built: the product goes right then.
        QuarkusMock.installMockForType(new PartnerReplica(pool) {
            @Override
            public Uni<Optional<PartnerAccount>> find(String id) {
                Product withdrawn = new Product(product.productId(), product.name(), product.kind(),
                        product.licensePlan(), product.termMonths(), product.zuoraProductRatePlanId(),
                        product.zuoraProductRatePlanChargeId(), product.salesforceProductCode(), false);
                return catalog.save(withdrawn).flatMap(saved -> super.find(id));
            }
        }, PartnerReplica.class);

        Map<String, Object> order = body(newExternalId());
        order.put("orderLines", List.of(Map.of("productId", product.productId(), "quantity", 5)));
        placeAsync(TestTokens.partner(partnerId, "marketplace.order:create"), order).statusCode(202);
    }
}
