package com.gitlab.marketplace.admin.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code marketplace-admin signing-key ...} */
@Command(name = "signing-key", description = "List, rotate or revoke the token signing keys.",
        subcommands = CommandLine.HelpCommand.class)
class SigningKeyCommands {

    @ParentCommand
    MarketplaceAdmin admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "list", description = "The published keys (public data only) and which one signs.")
    void list() {
        MarketplaceAdmin.print(spec, admin.api().get("/admin/signing-keys"));
    }

    @Command(name = "rotate", description = "Publish a new key now; it signs after the publish lead (15 min by "
            + "default), and the old key keeps verifying until its tokens expire.")
    void rotate() {
        MarketplaceAdmin.print(spec, admin.api().post("/admin/signing-keys/rotate", AdminApi.json().createObjectNode()));
    }

    @Command(name = "revoke", description = "Emergency (a leaked private key): remove the key from the JWKS at once; "
            + "tokens it signed stop verifying and the next key signs from now.")
    void revoke(@CommandLine.Parameters(paramLabel = "<kid>") String kid) {
        MarketplaceAdmin.print(spec, admin.api().post("/admin/signing-keys/" + URLEncoder.encode(kid,
                StandardCharsets.UTF_8) + "/revoke", AdminApi.json().createObjectNode()));
    }
}
