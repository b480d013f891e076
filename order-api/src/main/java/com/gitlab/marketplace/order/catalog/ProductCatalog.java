package com.gitlab.marketplace.order.catalog;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalog in memory, so validating an order needs no query. Reloaded periodically (changes made on
 * another replica arrive within the interval) and at once after a change on this replica.
 */
@ApplicationScoped
public class ProductCatalog {

    private final ProductRepository repository;
    private volatile Map<String, Product> products = Map.of();

    public ProductCatalog(ProductRepository repository) {
        this.repository = repository;
    }

    void loadAtStartup(@Observes StartupEvent startup) {
        reload().await().atMost(Duration.ofSeconds(30));
    }

    /** An orderable product: known and active. */
    public Optional<Product> orderable(String productId) {
        return orderable(products, productId);
    }

    /**
     * The catalog as it is now, unchanged by later reloads: one request validates and maps its lines
     * against the same products, so a reload in between cannot make a validated product disappear.
     */
    public Map<String, Product> snapshot() {
        return products;
    }

    public static Optional<Product> orderable(Map<String, Product> snapshot, String productId) {
        return Optional.ofNullable(snapshot.get(productId)).filter(Product::active);
    }

    public List<Product> all() {
        return List.copyOf(products.values());
    }

    public Uni<Product> save(Product product) {
        return repository.upsert(product).call(saved -> reload());
    }

    @Scheduled(every = "${order-api.catalog-reload-interval}", delayed = "${order-api.catalog-reload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        return repository.all()
                .invoke(loaded -> products = loaded.stream()
                        .collect(Collectors.toUnmodifiableMap(Product::productId, Function.identity())))
                .replaceWithVoid();
    }
}
