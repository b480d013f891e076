package com.gitlab.marketplace.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code marketplace-admin dead-letters ...}: the records the services refused, through order-api. */
@Command(name = "dead-letters", description = "List the records the services' consumers refused, per topic with "
        + "the reason; replay one, several or all once the cause is fixed.",
        subcommands = CommandLine.HelpCommand.class)
class DeadLetterCommands {

    private static final String ROW = "%-40s  %8s  %-20s  %-44s  %s%n";

    @ParentCommand
    MarketplaceAdmin admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "list", description = "How many each dead-letter topic holds, then its dead letters, oldest "
            + "first: one line each with the reason indented; --json for the API's answer.")
    void list(
            @Option(names = "--topic", description = "a platform topic or its .dlq (default: all)") String topic,
            @Option(names = "--page-size", description = "1 to 500 (default 100)") Integer pageSize,
            @Option(names = "--page-token", description = "from the previous page's last line") String pageToken,
            @Option(names = "--json", description = "print the API's JSON answer") boolean json) {
        List<String> query = new ArrayList<>();
        OrderCommands.add(query, "topic", topic);
        OrderCommands.add(query, "pageSize", pageSize == null ? null : pageSize.toString());
        OrderCommands.add(query, "pageToken", pageToken);
        JsonNode page = admin.orderApi().get("/admin/dead-letters" + (query.isEmpty() ? ""
                : "?" + String.join("&", query)));
        if (json) {
            MarketplaceAdmin.print(spec, page);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        page.path("counts").fields().forEachRemaining(count -> out.printf("%-40s  %d%n", count.getKey(),
                count.getValue().asLong()));
        out.println();
        out.printf(ROW, "ID", "AGE", "CONSUMER", "EVENT TYPE", "KEY");
        Instant now = Instant.now();
        for (JsonNode letter : page.path("deadLetters")) {
            out.printf(ROW, letter.path("id").asText(), OrderCommands.age(Duration.between(
                            Instant.parse(letter.path("deadLetteredAt").asText()), now)),
                    letter.path("consumer").asText("-"), letter.path("eventType").asText("-"),
                    letter.path("key").asText("-"));
            out.printf("    reason: %s%n", letter.path("reason").asText("-"));
            for (JsonNode replay : letter.path("replays")) {
                out.printf("    replayed %s by %s: %s%n", replay.path("replayedAt").asText(),
                        replay.path("replayedBy").asText(), replay.path("reason").asText());
            }
        }
        JsonNode next = page.path("nextPageToken");
        out.println(next.isTextual() ? "more: --page-token " + next.asText() : "(end of list)");
        out.flush();
    }

    @Command(name = "replay", description = "Publish dead letters again, unchanged, to the topic they were refused "
            + "on; only the service that refused one acts on it, once (the others skip it as a duplicate), so a "
            + "replay is safe to repeat. Name them by id, or --all for every one never replayed (up to 1,000 a call).")
    void replay(@Parameters(paramLabel = "ID", arity = "0..*", description = "topic:partition:offset, as listed")
            List<String> ids,
            @Option(names = "--all", description = "every dead letter never replayed before") boolean all,
            @Option(names = "--topic", description = "with --all: only this topic") String topic,
            @Option(names = "--reason", required = true, description = "why, for the audit (up to 500 characters)")
            String reason) {
        ObjectNode body = AdminApi.json().createObjectNode().put("reason", reason);
        if (ids != null && !ids.isEmpty()) {
            ArrayNode named = body.putArray("ids");
            ids.forEach(named::add);
        }
        if (all) {
            body.put("all", true);
        }
        if (topic != null) {
            body.put("topic", topic);
        }
        MarketplaceAdmin.print(spec, admin.orderApi().post("/admin/dead-letters/replay", body));
    }
}
