package com.gitlab.marketplace.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code marketplace-admin partner ...} */
@Command(name = "partner", description = "Onboard and change marketplace partners.",
        subcommands = CommandLine.HelpCommand.class)
class PartnerCommands {

    @ParentCommand
    MarketplaceAdmin admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "register", description = "Onboard a partner (publishes PartnerRegistered).")
    void register(
            @Option(names = "--partner-id", description = "id to use; generated when omitted") String partnerId,
            @Option(names = "--name", required = true) String name,
            @Option(names = "--zuora-account", required = true,
                    description = "Zuora invoice-owner account number") String zuoraAccount,
            @Option(names = "--salesforce-distributor", required = true,
                    description = "Salesforce distributor account id") String distributor,
            @Option(names = "--trading-partner", description = "permitted trading-partner account id (repeatable)")
            List<String> tradingPartners,
            @Option(names = "--orders-per-minute", description = "order calls a minute (default 600)")
            Integer ordersPerMinute,
            @Option(names = "--reads-per-minute", description = "read calls a minute (default 6000)")
            Integer readsPerMinute) {
        ObjectNode body = AdminApi.json().createObjectNode();
        if (partnerId != null) {
            body.put("partnerId", partnerId);
        }
        body.put("name", name);
        body.put("zuoraInvoiceOwnerAccountNumber", zuoraAccount);
        body.put("salesforceDistributorAccountId", distributor);
        ArrayNode permitted = body.putArray("permittedTradingPartnerIds");
        if (tradingPartners != null) {
            tradingPartners.forEach(permitted::add);
        }
        ObjectNode limits = body.putObject("rateLimit");
        limits.put("ordersPerMinute", ordersPerMinute);
        limits.put("readsPerMinute", readsPerMinute);
        MarketplaceAdmin.print(spec, admin.api().post("/admin/partners", body));
    }

    @Command(name = "update", description = "Change a partner; options not given keep their value "
            + "(publishes PartnerUpdated).")
    void update(
            @Parameters(paramLabel = "PARTNER_ID") String partnerId,
            @Option(names = "--name") String name,
            @Option(names = "--zuora-account") String zuoraAccount,
            @Option(names = "--salesforce-distributor") String distributor,
            @Option(names = "--trading-partner", description = "replaces the permitted list (repeatable)")
            List<String> tradingPartners,
            @Option(names = "--enabled", arity = "1", description = "true or false") Boolean enabled,
            @Option(names = "--orders-per-minute", description = "order calls a minute") Integer ordersPerMinute,
            @Option(names = "--reads-per-minute", description = "read calls a minute") Integer readsPerMinute) {
        AdminApi api = admin.api();
        ObjectNode current = (ObjectNode) api.get("/admin/partners/" + encode(partnerId));
        ObjectNode body = AdminApi.json().createObjectNode();
        body.put("name", name != null ? name : current.path("name").asText());
        body.put("zuoraInvoiceOwnerAccountNumber",
                zuoraAccount != null ? zuoraAccount : current.path("zuoraInvoiceOwnerAccountNumber").asText());
        body.put("salesforceDistributorAccountId",
                distributor != null ? distributor : current.path("salesforceDistributorAccountId").asText());
        if (tradingPartners != null) {
            ArrayNode permitted = body.putArray("permittedTradingPartnerIds");
            tradingPartners.forEach(permitted::add);
        } else {
            body.set("permittedTradingPartnerIds", current.path("permittedTradingPartnerIds"));
        }
        body.put("enabled", enabled != null ? enabled : current.path("enabled").asBoolean(true));
        // The operator API replaces every field, so the limits not given are sent as they are.
        ObjectNode limits = body.putObject("rateLimit");
        limits.put("ordersPerMinute", ordersPerMinute != null ? ordersPerMinute : limit(current, "ordersPerMinute"));
        limits.put("readsPerMinute", readsPerMinute != null ? readsPerMinute : limit(current, "readsPerMinute"));
        MarketplaceAdmin.print(spec, api.put("/admin/partners/" + encode(partnerId), body));
    }

    @Command(name = "get", description = "Show a partner.")
    void get(@Parameters(paramLabel = "PARTNER_ID") String partnerId) {
        MarketplaceAdmin.print(spec, admin.api().get("/admin/partners/" + encode(partnerId)));
    }

    @Command(name = "list", description = "List partners.")
    void list() {
        JsonNode partners = admin.api().get("/admin/partners");
        MarketplaceAdmin.print(spec, partners);
    }

    /** The partner's current limit, or null (the default) from a token-service that has none yet. */
    private static Integer limit(JsonNode partner, String name) {
        JsonNode limit = partner.path("rateLimit").path(name);
        return limit.isInt() ? limit.asInt() : null;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
