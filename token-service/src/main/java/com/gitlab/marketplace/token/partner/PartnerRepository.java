package com.gitlab.marketplace.token.partner;

import com.gitlab.marketplace.events.partner.RateLimit;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Partners in PostgreSQL, reactive. */
@ApplicationScoped
public class PartnerRepository {

    private static final String COLUMNS = "partner_id, name, zuora_invoice_owner_account_number, "
            + "salesforce_distributor_account_id, permitted_trading_partner_ids, enabled, revision, created_at, updated_at, "
            + "orders_per_minute, reads_per_minute";

    private final Pool pool;

    public PartnerRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Partner>> find(String partnerId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM partner WHERE partner_id = $1")
                .execute(Tuple.of(partnerId))
                .map(PartnerRepository::first);
    }

    public Uni<List<Partner>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM partner ORDER BY created_at").execute().map(rows -> {
            List<Partner> partners = new ArrayList<>();
            rows.forEach(row -> partners.add(map(row)));
            return partners;
        });
    }

    /** Inserts a new partner at revision 1; empty when the id is taken. */
    public Uni<Optional<Partner>> insert(SqlClient tx, PartnerFields fields, String partnerId, Instant now) {
        return tx.preparedQuery("INSERT INTO partner (" + COLUMNS + ") "
                        + "VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $8, $9) "
                        + "ON CONFLICT (partner_id) DO NOTHING RETURNING " + COLUMNS)
                .execute(parameters(partnerId, fields, now))
                .map(PartnerRepository::first);
    }

    /** Replaces a partner's fields and bumps its revision; empty when there is no such partner. */
    public Uni<Optional<Partner>> update(SqlClient tx, String partnerId, PartnerFields fields, Instant now) {
        return tx.preparedQuery("UPDATE partner SET name = $2, zuora_invoice_owner_account_number = $3, "
                        + "salesforce_distributor_account_id = $4, permitted_trading_partner_ids = $5, enabled = $6, "
                        + "orders_per_minute = $8, reads_per_minute = $9, revision = revision + 1, updated_at = $7 "
                        + "WHERE partner_id = $1 RETURNING " + COLUMNS)
                .execute(parameters(partnerId, fields, now))
                .map(PartnerRepository::first);
    }

    /** $1 partner id, $2..$6 and $8..$9 the fields, $7 the time of the change: the same for insert and update. */
    private static Tuple parameters(String partnerId, PartnerFields fields, Instant now) {
        return Tuple.tuple()
                .addString(partnerId)
                .addString(fields.name())
                .addString(fields.zuoraInvoiceOwnerAccountNumber())
                .addString(fields.salesforceDistributorAccountId())
                .addArrayOfString(fields.permittedTradingPartnerIds().toArray(String[]::new))
                .addBoolean(fields.enabled())
                .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                .addInteger(fields.rateLimit().ordersPerMinute())
                .addInteger(fields.rateLimit().readsPerMinute());
    }

    private static Optional<Partner> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
    }

    private static Partner map(Row row) {
        return new Partner(
                row.getString("partner_id"),
                row.getString("name"),
                row.getString("zuora_invoice_owner_account_number"),
                row.getString("salesforce_distributor_account_id"),
                List.copyOf(Arrays.asList(row.getArrayOfStrings("permitted_trading_partner_ids"))),
                row.getBoolean("enabled"),
                row.getLong("revision"),
                new RateLimit(row.getInteger("orders_per_minute"), row.getInteger("reads_per_minute")),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
