package com.gitlab.marketplace.order.partner;

import com.gitlab.marketplace.events.partner.PartnerDetails;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * order-api's copy of the partner registry, kept from {@code marketplace.partner.events}. A change applies
 * only if its revision is newer, so redelivered or reordered partner events never roll a partner back.
 */
@ApplicationScoped
public class PartnerReplica {

    private final Pool pool;
    private final DisabledFlags disabled;

    public PartnerReplica(Pool pool) {
        this.pool = pool;
        this.disabled = new DisabledFlags(pool, "partner", "partner_id", 10_000);
    }

    /** True for a partner known here and disabled, as of a moment ago ({@link DisabledFlags}). */
    public Uni<Boolean> disabled(String partnerId) {
        return disabled.disabled(partnerId);
    }

    public Uni<Optional<PartnerAccount>> find(String partnerId) {
        return pool.preparedQuery("SELECT * FROM partner WHERE partner_id = $1")
                .execute(Tuple.of(partnerId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    public Uni<Void> apply(SqlClient tx, PartnerDetails partner) {
        return tx.preparedQuery("INSERT INTO partner (partner_id, name, zuora_invoice_owner_account_number, "
                        + "salesforce_distributor_account_id, permitted_trading_partner_ids, enabled, revision, "
                        + "orders_per_minute, reads_per_minute) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (partner_id) DO UPDATE SET "
                        + "name = EXCLUDED.name, zuora_invoice_owner_account_number = EXCLUDED.zuora_invoice_owner_account_number, "
                        + "salesforce_distributor_account_id = EXCLUDED.salesforce_distributor_account_id, "
                        + "permitted_trading_partner_ids = EXCLUDED.permitted_trading_partner_ids, "
                        + "enabled = EXCLUDED.enabled, revision = EXCLUDED.revision, "
                        + "orders_per_minute = EXCLUDED.orders_per_minute, reads_per_minute = EXCLUDED.reads_per_minute "
                        + "WHERE partner.revision < EXCLUDED.revision")
                .execute(Tuple.tuple()
                        .addString(partner.partnerId())
                        .addString(partner.name())
                        .addString(partner.zuoraInvoiceOwnerAccountNumber())
                        .addString(partner.salesforceDistributorAccountId())
                        .addArrayOfString(partner.permittedTradingPartnerIds().toArray(String[]::new))
                        .addBoolean(partner.enabled())
                        .addLong(partner.revision())
                        .addInteger(partner.rateLimit().ordersPerMinute())
                        .addInteger(partner.rateLimit().readsPerMinute()))
                .replaceWithVoid();
    }

    private static PartnerAccount map(Row row) {
        return new PartnerAccount(row.getString("partner_id"), row.getString("name"),
                row.getString("zuora_invoice_owner_account_number"), row.getString("salesforce_distributor_account_id"),
                List.copyOf(Arrays.asList(row.getArrayOfStrings("permitted_trading_partner_ids"))),
                row.getBoolean("enabled"), row.getLong("revision"));
    }
}
