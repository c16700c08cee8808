package backupsync.query;

import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;

/**
 * One ZStack query condition, {@code q=<field><op><value>}. Field names are looked up in a fixed list and only
 * their column names reach the SQL; values are always bound as parameters.
 */
public record QueryCondition(String column, String operator, Object value) {
    /** Operators in the order they must be tried: longer spellings before their prefixes. */
    private static final List<String> OPERATORS = List.of("!?=", "?=", "!~=", "~=", ">=", "<=", "!=", "=", ">", "<");
    private static final Map<String, String> SQL_OPERATOR = Map.of("=", "=", "!=", "<>", ">", ">", "<", "<",
            ">=", ">=", "<=", "<=", "~=", "LIKE", "!~=", "NOT LIKE", "?=", "IN", "!?=", "NOT IN");

    public static QueryCondition parse(String condition, Map<String, String> columns, List<String> numericFields) {
        String trimmed = condition.strip();
        for (String suffix : List.of(" is null", " not null")) {
            if (trimmed.endsWith(suffix)) {
                String field = trimmed.substring(0, trimmed.length() - suffix.length()).strip();
                return new QueryCondition(column(field, columns), suffix.strip().equals("is null") ? "IS NULL" : "IS NOT NULL", null);
            }
        }
        int best = -1;
        String found = null;
        for (String operator : OPERATORS) {
            int at = trimmed.indexOf(operator);
            if (at > 0 && (best < 0 || at < best)) {
                best = at;
                found = operator;
            }
        }
        if (found == null) {
            throw ApiException.invalidField("q", "condition '%s' has no operator; use field=value, !=, >, <, >=, <=, ~= (like), ?= (in), !?=, 'is null', 'not null'"
                    .formatted(shorten(trimmed)));
        }
        String field = trimmed.substring(0, best).strip();
        String raw = trimmed.substring(best + found.length());
        String column = column(field, columns);
        Object value = found.equals("?=") || found.equals("!?=")
                ? List.of(raw.split(",")).stream().map(v -> convert(field, v, numericFields)).toList()
                : convert(field, raw, numericFields);
        return new QueryCondition(column, SQL_OPERATOR.get(found), value);
    }

    private static String column(String field, Map<String, String> columns) {
        String column = columns.get(field);
        if (column == null) {
            throw ApiException.invalidField("q", "cannot query on field '%s'; queryable fields are %s"
                    .formatted(shorten(field), columns.keySet()));
        }
        return column;
    }

    private static Object convert(String field, String value, List<String> numericFields) {
        if (value.indexOf('\0') >= 0) {
            // No stored text holds NUL, and PostgreSQL refuses it in a parameter: say so the same way on every database.
            throw ApiException.invalidField("q", "a query value may not contain the NUL character");
        }
        if (!numericFields.contains(field)) {
            return value;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("q", "field '%s' takes a number, got '%s'".formatted(field, shorten(value)));
        }
    }

    static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
