package com.gitlab.marketplace.sandbox.salesforce;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOQL subset: {@code SELECT f1, f2 FROM Object [WHERE f = 'v' [AND g = 'w' ...]] [LIMIT n]}, with string,
 * number and boolean literals. Anything else is {@code MALFORMED_QUERY}; an unknown object {@code INVALID_TYPE};
 * an unknown field {@code INVALID_FIELD}.
 */
final class Soql {

    private static final Pattern QUERY = Pattern.compile(
            "(?i)^\\s*SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)(?:\\s+WHERE\\s+(.+?))?(?:\\s+LIMIT\\s+(\\d+))?\\s*$");
    private static final Pattern CONDITION = Pattern.compile(
            "^\\s*(\\w+)\\s*=\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|(-?\\d+(?:\\.\\d+)?)|(true|false|null))\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FIELD = Pattern.compile("\\w+");

    private Soql() {
    }

    static JsonObject run(Org org, String apiVersion, String soql) {
        if (soql == null || soql.isBlank()) {
            throw SalesforceError.malformedQuery("A query is required (parameter q).");
        }
        Matcher query = QUERY.matcher(soql);
        if (!query.matches()) {
            throw SalesforceError.malformedQuery("unexpected token in: " + soql);
        }
        Schema.ObjectType type = Schema.require(query.group(2));
        List<String> fields = new ArrayList<>();
        for (String field : query.group(1).split(",")) {
            String name = field.trim();
            if (!FIELD.matcher(name).matches()) {
                throw SalesforceError.malformedQuery("unexpected token: '" + name + "'");
            }
            if (!type.hasField(name)) {
                throw SalesforceError.invalidField(type.name(), name);
            }
            fields.add(name);
        }
        List<String[]> conditions = new ArrayList<>();
        if (query.group(3) != null) {
            for (String condition : query.group(3).split("(?i)\\s+AND\\s+")) {
                Matcher c = CONDITION.matcher(condition);
                if (!c.matches()) {
                    throw SalesforceError.malformedQuery("unexpected condition: '" + condition.trim() + "'");
                }
                if (!type.hasField(c.group(1))) {
                    throw SalesforceError.invalidField(type.name(), c.group(1));
                }
                String value = c.group(2) != null ? c.group(2).replaceAll("\\\\(.)", "$1")
                        : c.group(3) != null ? c.group(3) : c.group(4).toLowerCase(Locale.ROOT);
                conditions.add(new String[] {c.group(1), value});
            }
        }
        int limit = query.group(4) == null ? Integer.MAX_VALUE : Integer.parseInt(query.group(4));
        JsonArray records = new JsonArray();
        for (JsonObject record : org.all(type.name())) {
            if (records.size() >= limit) {
                break;
            }
            boolean matches = conditions.stream().allMatch(c -> "null".equals(c[1]) ? record.getValue(c[0]) == null
                    : c[1].equals(text(record.getValue(c[0]))));
            if (matches) {
                JsonObject row = new JsonObject().put("attributes", new JsonObject().put("type", type.name())
                        .put("url", "/services/data/" + apiVersion + "/sobjects/" + type.name() + "/" + record.getString("Id")));
                fields.forEach(f -> row.put(f, record.getValue(f)));
                records.add(row);
            }
        }
        return new JsonObject().put("totalSize", records.size()).put("done", true).put("records", records);
    }

    private static String text(Object value) {
        if (value instanceof Double d && d == Math.rint(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }
}
