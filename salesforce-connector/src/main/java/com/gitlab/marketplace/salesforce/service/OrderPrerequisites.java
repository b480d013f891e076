package com.gitlab.marketplace.salesforce.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.salesforce.client.SalesforceApi;
import com.gitlab.marketplace.salesforce.client.SalesforceFailure;
import com.gitlab.marketplace.salesforce.config.SalesforceConnectorConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * What Salesforce must already have for an order's records: the org's Account record types and standard
 * price book, the order's trading partner as a trading-partner account, and a standard price book entry per
 * product. What Salesforce confirmed is kept for a while (one SOQL query per order otherwise); what it did not
 * is asked again every time, so an administrator's fix counts at the next try.
 */
@ApplicationScoped
public class OrderPrerequisites {

    /** What the records refer to. */
    record Found(String customerRecordType, String pricebookId, List<String> pricebookEntries) {
    }

    private final SalesforceApi salesforce;
    private final Uni<Map<String, String>> accountRecordTypes;
    private final Uni<String> standardPricebook;
    private final Cache<String, Boolean> tradingPartners;
    private final Cache<String, String> pricebookEntries;

    public OrderPrerequisites(SalesforceApi salesforce, SalesforceConnectorConfig config) {
        this.salesforce = salesforce;
        // Org metadata that does not change while we run: fetched once, again only after a failed fetch.
        this.accountRecordTypes = cachedUntilFailure(Uni.createFrom().deferred(() -> salesforce.query(
                        "SELECT Id, DeveloperName FROM RecordType WHERE SobjectType = 'Account'"))
                .map(rows -> rows.stream().collect(Collectors.toUnmodifiableMap(
                        r -> r.getString("DeveloperName"), r -> r.getString("Id")))));
        this.standardPricebook = cachedUntilFailure(Uni.createFrom().deferred(() -> salesforce.query(
                        "SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1"))
                .map(rows -> rows.isEmpty() ? null : rows.get(0).getString("Id")));
        this.tradingPartners = Caffeine.newBuilder().expireAfterWrite(config.records().prerequisitesCacheTtl())
                .maximumSize(10_000).build();
        this.pricebookEntries = Caffeine.newBuilder().expireAfterWrite(config.records().prerequisitesCacheTtl())
                .maximumSize(10_000).build();
    }

    /** @throws SalesforceFailure.Rejected when Salesforce lacks one of them (as the Uni's failure) */
    Uni<Found> of(OrderPlaced order) {
        return of(order, order.orderLines());
    }

    /**
     * What records of these lines of the order need (a change's lines, which may name products the order did not).
     *
     * @throws SalesforceFailure.Rejected when Salesforce lacks one of them (as the Uni's failure)
     */
    Uni<Found> of(OrderPlaced order, List<OrderLine> lines) {
        return tradingPartnerChecked(order)
                .flatMap(checked -> orgSetUp())
                .flatMap(org -> entries(lines, org.pricebookId())
                        .map(entries -> new Found(org.customerRecordType(), org.pricebookId(), entries)));
    }

    /** What every order's records need from the org itself. */
    private record OrgSetUp(String customerRecordType, String pricebookId) {
    }

    private Uni<OrgSetUp> orgSetUp() {
        return Uni.combine().all().unis(accountRecordTypes, standardPricebook).with((recordTypes, pricebook) -> {
            String customerType = recordTypes.get("Customer");
            if (customerType == null || pricebook == null) {
                throw new SalesforceFailure.Rejected("ORG_NOT_SET_UP", "the Salesforce org lacks the Account "
                        + "record type 'Customer' or a standard price book");
            }
            return new OrgSetUp(customerType, pricebook);
        });
    }

    /** The order's trading partner must exist in Salesforce as a trading-partner account. */
    private Uni<Void> tradingPartnerChecked(OrderPlaced order) {
        String account = order.tradingPartnerId();
        if (tradingPartners.getIfPresent(account) != null) {
            return Uni.createFrom().voidItem();
        }
        Uni<List<JsonObject>> accounts = salesforce.query("SELECT Id, RecordTypeId FROM Account WHERE Id = '"
                + soqlText(account) + "'");
        return Uni.combine().all().unis(accountRecordTypes, accounts).with((recordTypes, found) -> {
            String tradingPartnerType = recordTypes.get("Trading_Partner");
            boolean isTradingPartner = tradingPartnerType != null
                    && found.stream().anyMatch(a -> tradingPartnerType.equals(a.getString("RecordTypeId")));
            if (!isTradingPartner) {
                throw new SalesforceFailure.Rejected("TRADING_PARTNER_NOT_FOUND", "trading partner '" + account
                        + "' is not a trading-partner account in Salesforce");
            }
            tradingPartners.put(account, true);
            return null;
        });
    }

    /** The standard price book entry of each line's product, in line order. */
    private Uni<List<String>> entries(List<OrderLine> lines, String pricebook) {
        List<Uni<String>> entries = new ArrayList<>();
        for (OrderLine line : lines) {
            String code = line.salesforceProductCode();
            String known = pricebookEntries.getIfPresent(code);
            entries.add(known != null ? Uni.createFrom().item(known) : salesforce.query("SELECT Id FROM PricebookEntry "
                            + "WHERE ProductCode = '" + soqlText(code) + "' AND Pricebook2Id = '" + soqlText(pricebook)
                            + "' AND IsActive = true LIMIT 1")
                    .map(rows -> {
                        if (rows.isEmpty()) {
                            throw new SalesforceFailure.Rejected("PRODUCT_NOT_IN_PRICEBOOK", "product '" + code
                                    + "' has no active entry in the standard price book");
                        }
                        String id = rows.get(0).getString("Id");
                        pricebookEntries.put(code, id);
                        return id;
                    }));
        }
        return Uni.join().all(entries).andFailFast();
    }

    private static <T> Uni<T> cachedUntilFailure(Uni<T> fetch) {
        AtomicBoolean stale = new AtomicBoolean(true);
        return fetch.onFailure().invoke(e -> stale.set(true)).memoize().until(() -> stale.getAndSet(false));
    }

    /** A value inside a SOQL string literal: backslashes and quotes escaped. */
    private static String soqlText(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }
}
