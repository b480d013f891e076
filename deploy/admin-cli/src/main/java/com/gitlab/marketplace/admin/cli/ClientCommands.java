package com.gitlab.marketplace.admin.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code marketplace-admin client ...}: the secret is printed once, at issue or rotation. */
@Command(name = "client", description = "Issue, rotate, disable and enable client credentials.",
        subcommands = CommandLine.HelpCommand.class)
class ClientCommands {

    @ParentCommand
    MarketplaceAdmin admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "issue", description = "Issue credentials for a partner, or for an operator without --partner-id.")
    void issue(
            @Option(names = "--partner-id") String partnerId,
            @Option(names = "--scope",
                    description = "marketplace.order:read, marketplace.order:create or marketplace.admin (repeatable); "
                            + "default: both order scopes for a partner, marketplace.admin for an operator")
            List<String> scopes,
            @Option(names = "--description") String description) {
        ObjectNode body = AdminApi.json().createObjectNode();
        if (partnerId != null) {
            body.put("partnerId", partnerId);
        }
        if (scopes != null) {
            ArrayNode scopeArray = body.putArray("scopes");
            scopes.forEach(scopeArray::add);
        }
        if (description != null) {
            body.put("description", description);
        }
        MarketplaceAdmin.print(spec, admin.api().post("/admin/clients", body));
    }

    @Command(name = "list", description = "List clients (never their secrets).")
    void list(@Option(names = "--partner-id") String partnerId) {
        String query = partnerId == null ? "" : "?partnerId=" + PartnerCommands.encode(partnerId);
        MarketplaceAdmin.print(spec, admin.api().get("/admin/clients" + query));
    }

    @Command(name = "rotate-secret", description = "Replace a client's secret; the old one stops working at once.")
    void rotateSecret(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        MarketplaceAdmin.print(spec, admin.api().post("/admin/clients/" + PartnerCommands.encode(clientId) + "/secret",
                AdminApi.json().createObjectNode()));
    }

    @Command(name = "disable", description = "Disable a client; its token requests fail at once.")
    void disable(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        MarketplaceAdmin.print(spec, admin.api().post("/admin/clients/" + PartnerCommands.encode(clientId) + "/disable",
                AdminApi.json().createObjectNode()));
    }

    @Command(name = "enable", description = "Enable a disabled client again.")
    void enable(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        MarketplaceAdmin.print(spec, admin.api().post("/admin/clients/" + PartnerCommands.encode(clientId) + "/enable",
                AdminApi.json().createObjectNode()));
    }
}
