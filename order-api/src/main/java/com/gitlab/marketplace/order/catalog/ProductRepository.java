package com.gitlab.marketplace.order.catalog;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The product catalog in PostgreSQL, seeded by migration, edited by operators. */
@ApplicationScoped
public class ProductRepository {

    private static final String COLUMNS = "product_id, name, kind, license_plan, term_months, "
            + "zuora_product_rate_plan_id, zuora_product_rate_plan_charge_id, salesforce_product_code, active";

    private final Pool pool;

    public ProductRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Product>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM product ORDER BY product_id").execute().map(rows -> {
            List<Product> products = new ArrayList<>();
            rows.forEach(row -> products.add(map(row)));
            return products;
        });
    }

    /** Creates or replaces a product. */
    public Uni<Product> upsert(Product product) {
        return pool.preparedQuery("INSERT INTO product (" + COLUMNS + ", updated_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()) ON CONFLICT (product_id) DO UPDATE SET "
                        + "name = EXCLUDED.name, kind = EXCLUDED.kind, license_plan = EXCLUDED.license_plan, "
                        + "term_months = EXCLUDED.term_months, zuora_product_rate_plan_id = EXCLUDED.zuora_product_rate_plan_id, "
                        + "zuora_product_rate_plan_charge_id = EXCLUDED.zuora_product_rate_plan_charge_id, "
                        + "salesforce_product_code = EXCLUDED.salesforce_product_code, active = EXCLUDED.active, "
                        + "updated_at = now() RETURNING " + COLUMNS)
                .execute(Tuple.tuple()
                        .addString(product.productId())
                        .addString(product.name())
                        .addString(product.kind())
                        .addString(product.licensePlan())
                        .addInteger(product.termMonths())
                        .addString(product.zuoraProductRatePlanId())
                        .addString(product.zuoraProductRatePlanChargeId())
                        .addString(product.salesforceProductCode())
                        .addBoolean(product.active()))
                .map(rows -> map(rows.iterator().next()));
    }

    private static Product map(Row row) {
        return new Product(row.getString("product_id"), row.getString("name"), row.getString("kind"),
                row.getString("license_plan"), row.getInteger("term_months"),
                row.getString("zuora_product_rate_plan_id"), row.getString("zuora_product_rate_plan_charge_id"),
                row.getString("salesforce_product_code"), row.getBoolean("active"));
    }
}
