package com.gitlab.marketplace.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitlab.marketplace.license.format.IssuerKeys;
import com.gitlab.marketplace.license.format.LicenseFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marketplace-admin license ...}: for operators and support, with public keys only. */
@Command(name = "license", description = "Read a customer's license file.",
        subcommands = CommandLine.HelpCommand.class)
class LicenseCommands {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "decode", description = "Verify a .gitlab-license file with the issuer's public key and print its "
            + "attributes (the key from notification-service's /api/v1/licenses/public-keys).")
    void decode(
            @Option(names = "--public-key", required = true, description = "PEM file of the issuer's public key")
            Path publicKey,
            @Parameters(paramLabel = "<license file>") Path licenseFile) throws IOException {
        try {
            byte[] attributes = LicenseFile.decode(Files.readString(licenseFile),
                    IssuerKeys.publicKey(Files.readString(publicKey)));
            JsonNode json = AdminApi.json().readTree(attributes);
            MarketplaceAdmin.print(spec, json);
        } catch (LicenseFile.InvalidLicenseException | IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
