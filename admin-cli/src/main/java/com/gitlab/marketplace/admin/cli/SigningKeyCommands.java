package com.gitlab.marketplace.admin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code marketplace-admin signing-key ...} */
@Command(name = "signing-key", description = "List or rotate the token signing keys.",
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

    @Command(name = "rotate", description = "Sign with a new key from now on; the old key keeps verifying "
            + "until its tokens expire.")
    void rotate() {
        MarketplaceAdmin.print(spec, admin.api().post("/admin/signing-keys/rotate", AdminApi.json().createObjectNode()));
    }
}
