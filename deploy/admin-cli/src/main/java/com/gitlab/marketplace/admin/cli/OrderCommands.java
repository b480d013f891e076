package com.gitlab.marketplace.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
    private static final String TIMELINE_ROW = "%-23s  %-20s  %-8s  %-42s  %-17s  %8s  %s%n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    /** Event types share this prefix; the timeline shows the rest, so its columns stay aligned. */
    private static final String EVENT_TYPE_PREFIX = "com.gitlab.marketplace.";

    @ParentCommand
    MarketplaceAdmin admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "list", description = "Orders ordered by their last change, oldest first: with --stuck-for, the "
            + "orders in progress unchanged for at least that long. One line each; --json for the API's answer.")
    void list(
            @Option(names = "--partner-id") String partnerId,
            @Option(names = "--external-id", description = "with --partner-id: the partner's own id of the order")
            String externalId,
            @Option(names = "--status", description = "Creating, Created, Failed or Provisioned (repeatable)")
            List<String> statuses,
            @Option(names = "--stuck-for", description = "ISO-8601 duration, e.g. PT15M") String stuckFor,
            @Option(names = "--page-size", description = "1 to 200 (default 50)") Integer pageSize,
            @Option(names = "--page-token", description = "from the previous page's last line") String pageToken,
            @Option(names = "--json", description = "print the API's JSON answer") boolean json) {
        List<String> query = new ArrayList<>();
        add(query, "partnerId", partnerId);
        add(query, "externalSubscriptionId", externalId);
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

    @Command(name = "show", description = "One order of any partner: status and errors, its timeline across the "
            + "services (one line per event, try and operator action, oldest first), and what it waits for now and "
            + "until when (marked >>). --json for the API's answer.")
    void show(@Parameters(paramLabel = "ORDER_ID") String orderId,
            @Option(names = "--json", description = "print the API's JSON answer") boolean json) {
        JsonNode detail = admin.orderApi().get("/admin/orders/" + PartnerCommands.encode(orderId));
        if (json) {
            MarketplaceAdmin.print(spec, detail);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonNode order = detail.path("order");
        out.printf("order %s  partner %s  external id %s%n", order.path("id").asText(),
                order.path("partnerId").asText(), order.path("externalSubscriptionId").asText());
        out.printf("status %s  subscription %s  attempt %s%n", order.path("status").asText(),
                order.path("subscriptionNumber").asText("-"), order.path("attempt").asText("0"));
        for (JsonNode error : order.path("errors")) {
            out.printf("  error: %s %s%s: %s%n", error.path("source").asText(), error.path("code").asText(),
                    error.path("retryable").asBoolean() ? " (retryable)" : "", error.path("message").asText());
        }
        out.println();
        out.printf(TIMELINE_ROW, "TIME (UTC)", "SERVICE", "KIND", "WHAT", "OUTCOME", "DURATION", "DETAIL");
        for (JsonNode entry : detail.path("timeline")) {
            JsonNode duration = entry.path("durationMs");
            String what = entry.path("what").asText();
            out.printf(TIMELINE_ROW, TIME.format(Instant.parse(entry.path("at").asText())),
                    entry.path("source").asText(), entry.path("kind").asText(),
                    what.startsWith(EVENT_TYPE_PREFIX) ? what.substring(EVENT_TYPE_PREFIX.length()) : what,
                    entry.path("outcome").asText(),
                    duration.isNumber() ? duration.asInt() + " ms" : "", entry.path("detail").asText(""));
        }
        for (JsonNode step : detail.path("waitingNow")) {
            out.printf(">> %s %s: %s after %s tries; next %s, deadline %s%s%n", step.path("service").asText(),
                    step.path("kind").asText(), step.path("state").asText(), step.path("tries").asText(),
                    step.path("nextAttemptAt").asText("-"), step.path("deadline").asText(),
                    step.path("lastError").isTextual() ? "; last error: " + step.path("lastError").asText() : "");
        }
        if (detail.path("waitingNow").isEmpty()) {
            out.println(detail.path("unreachable").isEmpty() ? ">> waiting for nothing"
                    : ">> no wait known to the services that answered");
        }
        for (JsonNode missing : detail.path("unreachable")) {
            out.printf("!! steps not read from %s: %s%n", missing.path("url").asText(),
                    missing.path("reason").asText());
        }
        out.flush();
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

    /** Adds {@code name=value}, encoded, when a value is given. */
    static void add(List<String> query, String name, String value) {
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
