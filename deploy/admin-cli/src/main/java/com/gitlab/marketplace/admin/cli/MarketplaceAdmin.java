package com.gitlab.marketplace.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code marketplace-admin}: onboard partners and manage their credentials and the signing keys from a
 * shell. Authenticates as an operator client (scope {@code marketplace.admin}); prefer the environment
 * variables for the secret, so it stays out of shell history.
 */
@Command(name = "marketplace-admin", mixinStandardHelpOptions = true, version = "marketplace-admin 1.0",
        description = "Operates the marketplace: partners, client credentials and signing keys (token-service), "
                + "orders and dead letters (order-api), licenses.",
        subcommands = {PartnerCommands.class, ClientCommands.class, SigningKeyCommands.class, OrderCommands.class,
                DeadLetterCommands.class, LicenseCommands.class, CommandLine.HelpCommand.class})
public class MarketplaceAdmin {

    @Option(names = "--url", scope = ScopeType.INHERIT, defaultValue = "${env:MARKETPLACE_URL:-http://localhost:8081}",
            description = "token-service base URL (env MARKETPLACE_URL; default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--order-api-url", scope = ScopeType.INHERIT,
            defaultValue = "${env:MARKETPLACE_ORDER_API_URL:-http://localhost:8080}",
            description = "order-api base URL, for the order commands (env MARKETPLACE_ORDER_API_URL; default "
                    + "${DEFAULT-VALUE})")
    String orderApiUrl;

    @Option(names = "--access-token", scope = ScopeType.INHERIT, defaultValue = "${env:MARKETPLACE_ADMIN_TOKEN}",
            description = "an operator access token to use instead of the client credentials (env "
                    + "MARKETPLACE_ADMIN_TOKEN, preferred)")
    String accessToken;

    @Option(names = "--client-id", scope = ScopeType.INHERIT, defaultValue = "${env:MARKETPLACE_ADMIN_CLIENT_ID}",
            description = "operator client id (env MARKETPLACE_ADMIN_CLIENT_ID)")
    String clientId;

    @Option(names = "--client-secret", scope = ScopeType.INHERIT,
            defaultValue = "${env:MARKETPLACE_ADMIN_CLIENT_SECRET}",
            description = "operator client secret (env MARKETPLACE_ADMIN_CLIENT_SECRET, preferred)")
    String clientSecret;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with error handling: API and connection errors print one line and exit 1. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new MarketplaceAdmin());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return line;
    }

    /** token-service's operator API. */
    AdminApi api() {
        return api(url);
    }

    /** order-api's operator API. */
    AdminApi orderApi() {
        return api(orderApiUrl);
    }

    private AdminApi api(String baseUrl) {
        boolean tokenGiven = accessToken != null && !accessToken.isBlank();
        if (!tokenGiven && (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank())) {
            throw new CliException("set the operator credentials: MARKETPLACE_ADMIN_CLIENT_ID and "
                    + "MARKETPLACE_ADMIN_CLIENT_SECRET (or --client-id and --client-secret), or an operator token in "
                    + "MARKETPLACE_ADMIN_TOKEN");
        }
        return new AdminApi(url, baseUrl, clientId, clientSecret, tokenGiven ? accessToken : null);
    }

    static void print(CommandLine.Model.CommandSpec spec, JsonNode result) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(AdminApi.json().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } catch (IOException e) {
            throw new CliException("cannot print the result: " + e.getMessage());
        }
        out.flush();
    }
}
