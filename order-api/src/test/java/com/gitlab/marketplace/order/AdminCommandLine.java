package com.gitlab.marketplace.order;

import com.gitlab.marketplace.admin.cli.MarketplaceAdmin;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** {@code marketplace-admin} as an operator runs it against this order-api, with an operator token. */
final class AdminCommandLine {

    private AdminCommandLine() {
    }

    static Run run(URL orderApi, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = MarketplaceAdmin.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--order-api-url", orderApi.toString(), "--access-token", TestTokens.operator()));
        int exitCode = line.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    record Run(int exitCode, String out, String err) {
    }
}
