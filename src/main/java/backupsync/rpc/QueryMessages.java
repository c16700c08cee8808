package backupsync.rpc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An APIQueryMessage's fields as the REST query string of the same query: each condition {@code {name, op, value}}
 * becomes a {@code q=} in the REST spelling, {@code sortBy}/{@code sortDirection} a {@code sort=+field|-field}, and
 * {@code limit}, {@code start}, {@code count}, {@code replyWithCount} keep their names. Which fields can be queried,
 * and the values' types, the query itself checks (backupsync.query.QueryCondition).
 */
final class QueryMessages {
    /** ZStack's QueryOp spellings and the REST condition operators they are. */
    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("=", "="), Map.entry("!=", "!="),
            Map.entry(">", ">"), Map.entry("<", "<"), Map.entry(">=", ">="), Map.entry("<=", "<="),
            Map.entry("in", "?="), Map.entry("not in", "!?="), Map.entry("like", "~="), Map.entry("not like", "!~="),
            Map.entry("is null", " is null"), Map.entry("is not null", " not null"));
    private static final List<String> OPERATOR_NAMES = List.of("=", "!=", ">", ">=", "<", "<=", "in", "not in",
            "like", "not like", "is null", "is not null");

    private QueryMessages() {
    }

    static String queryString(RpcMessage message, ObjectNode fields) {
        List<String> parameters = new ArrayList<>();
        JsonNode conditions = fields.get("conditions");
        if (conditions != null && !conditions.isNull()) {
            if (!conditions.isArray()) {
                throw ApiException.invalidField("conditions", "must be a list of {\"name\": ..., \"op\": ..., \"value\": ...}");
            }
            for (JsonNode condition : conditions) {
                parameters.add("q=" + encode(condition(condition)));
            }
        }
        for (String name : List.of("limit", "start")) {
            String value = scalar(fields, name);
            if (value != null) {
                parameters.add(name + "=" + encode(value));
            }
        }
        for (String name : List.of("count", "replyWithCount")) {
            String value = scalar(fields, name);
            if (value != null && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw ApiException.invalidField(name, "must be true or false");
            }
            if (value != null) {
                parameters.add(name + "=" + value.toLowerCase());
            }
        }
        String sortBy = scalar(fields, "sortBy");
        String direction = scalar(fields, "sortDirection");
        if (direction != null && !direction.equals("asc") && !direction.equals("desc")) {
            throw new ApiException(backupsync.api.ZStackError.INVALID_ARGUMENT,
                    "valid value for field[sortDirection] of message[%s] are [asc, desc], but %s found"
                            .formatted(message.className(), RpcEnvelope.shorten(direction)));
        }
        if (sortBy != null) {
            parameters.add("sort=" + encode(("desc".equals(direction) ? "-" : "+") + sortBy));
        }
        return String.join("&", parameters);
    }

    private static String condition(JsonNode condition) {
        if (!condition.isObject()) {
            throw ApiException.invalidField("conditions", "each condition must be {\"name\": ..., \"op\": ..., \"value\": ...}");
        }
        String name = text(condition, "name");
        String op = text(condition, "op");
        if (name == null || !name.matches("[A-Za-z0-9_.]{1,128}")) {
            throw ApiException.invalidField("conditions", "a condition needs the name of a field to query, got '%s'"
                    .formatted(name == null ? "" : RpcEnvelope.shorten(name)));
        }
        String operator = op == null ? null : OPERATORS.get(op.strip().toLowerCase());
        if (operator == null) {
            throw ApiException.invalidField("conditions", "unknown QueryOp type[%s]; use one of %s"
                    .formatted(op == null ? "" : RpcEnvelope.shorten(op), OPERATOR_NAMES));
        }
        if (operator.startsWith(" ")) {
            return name + operator;
        }
        JsonNode value = condition.get("value");
        if (value == null || value.isNull() || value.isContainerNode()) {
            throw ApiException.invalidField("conditions", "the condition on '%s' (%s) needs a value".formatted(name, op));
        }
        String text = value.asText();
        // '>' or '<' followed by '=' would read as '>=' or '<=' in the REST spelling.
        if ((operator.equals(">") || operator.equals("<")) && text.startsWith("=")) {
            throw ApiException.invalidField("conditions", "the value of a '%s' condition may not start with '='".formatted(op));
        }
        return name + operator + text;
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    /** zstack-cli sends every parameter as text ("limit": "10", "count": "true"); other clients send numbers. */
    private static String scalar(ObjectNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw ApiException.invalidField(name, "must be a single value");
        }
        return value.asText().strip();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
