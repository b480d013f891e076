package com.gitlab.marketplace.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@code marketplace-admin order ...}: every partner's orders, through order-api's operator API. */
@Command(name = "order", description = "List orders (stuck ones first), show one, retry one's failed steps, "
        + "re-drive one in progress.",
        subcommands = CommandLine.HelpCommand.class)
class OrderCommands {

    private static final String ROW = "%-36s  %-16s  %-11s  %9s  %-32s  %s%n";

    @ParentCommand
    MarketplaceAdmin admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "list", description = "Orders ordered by their last change, oldest first: with --stuck-for, the "
            + "orders in progress unchanged for at least that long. One line each; --json for the API's answer.")
    void list(
            @Option(names = "--partner-id") String partnerId,
            @Option(names = "--status", description = "Creating, Created, Failed or Provisioned (repeatable)")
            List<String> statuses,
            @Option(names = "--stuck-for", description = "ISO-8601 duration, e.g. PT15M") String stuckFor,
            @Option(names = "--page-size", description = "1 to 200 (default 50)") Integer pageSize,
            @Option(names = "--page-token", description = "from the previous page's last line") String pageToken,
            @Option(names = "--json", description = "print the API's JSON answer") boolean json) {
        List<String> query = new ArrayList<>();
        add(query, "partnerId", partnerId);
        if (statuses != null) {
            statuses.forEach(status -> add(query, "status", status));
        }
        add(query, "stuckFor", stuckFor);
        add(query, "pageSize", pageSize == null ? null : pageSize.toString());
        add(query, "pageToken", pageToken);
        JsonNode page = admin.orderApi().get("/admin/orders" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        if (json) {
            MarketplaceAdmin.print(spec, page);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(ROW, "ORDER", "PARTNER", "STATUS", "UNCHANGED", "WAITING FOR", "EXTERNAL ID");
        Instant now = Instant.now();
        for (JsonNode order : page.path("orders")) {
            List<String> waiting = new ArrayList<>();
            order.path("waitingFor").forEach(step -> waiting.add(step.asText()));
            out.printf(ROW, order.path("id").asText(), order.path("partnerId").asText(), order.path("status").asText(),
                    age(Duration.between(Instant.parse(order.path("updatedAt").asText()), now)),
                    waiting.isEmpty() ? "-" : String.join(",", waiting), order.path("externalSubscriptionId").asText());
            for (JsonNode error : order.path("errors")) {
                out.printf("    %s %s%s: %s%n", error.path("source").asText(), error.path("code").asText(),
                        error.path("retryable").asBoolean() ? " (retryable)" : "", error.path("message").asText());
            }
        }
        JsonNode next = page.path("nextPageToken");
        out.println(next.isTextual() ? "more: --page-token " + next.asText() : "(end of list)");
        out.flush();
    }

    @Command(name = "show", description = "One order of any partner: status, what it waits for, its errors, and "
            + "every operator retry and re-drive of it.")
    void show(@Parameters(paramLabel = "ORDER_ID") String orderId) {
        MarketplaceAdmin.print(spec, admin.orderApi().get("/admin/orders/" + PartnerCommands.encode(orderId)));
    }

    @Command(name = "retry", description = "Retry an order's failed steps; each service runs only what it has not "
            + "finished (one subscription, one record set, one email per order).")
    void retry(@Parameters(paramLabel = "ORDER_ID") String orderId) {
        MarketplaceAdmin.print(spec, admin.orderApi().post("/admin/orders/" + PartnerCommands.encode(orderId)
                + "/retry", AdminApi.json().createObjectNode()));
    }

    @Command(name = "redrive", description = "Run the unfinished steps of an order in progress now (waiting for a "
            + "retry or a callout, or stuck past their deadline), with the same idempotency keys and look-ups; "
            + "safe to repeat. The reason is recorded with your name.")
    void redrive(@Parameters(paramLabel = "ORDER_ID") String orderId,
            @Option(names = "--reason", required = true, description = "why, for the audit (up to 500 characters)")
            String reason) {
        MarketplaceAdmin.print(spec, admin.orderApi().post("/admin/orders/" + PartnerCommands.encode(orderId)
                + "/redrive", AdminApi.json().createObjectNode().put("reason", reason)));
    }

    private static void add(List<String> query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + PartnerCommands.encode(value));
        }
    }

    /** 45s, 17m 03s, 5h 02m, 3d 04h: how long an order has not changed, at a glance. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm %02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86400) {
            return String.format("%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd %02dh", seconds / 86400, seconds % 86400 / 3600);
    }
}
