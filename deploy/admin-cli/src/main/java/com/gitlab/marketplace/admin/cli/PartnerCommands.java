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
            List<String> tradingPartners) {
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
            @Option(names = "--enabled", arity = "1", description = "true or false") Boolean enabled) {
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

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
