package backupsync.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.DatabaseBackupInventory;
import backupsync.auth.Caller;
import backupsync.auth.SessionService;
import backupsync.data.BackupStorageRefRow;
import backupsync.data.DatabaseBackupRow;
import backupsync.data.SqlFiles;
import backupsync.http.HttpResponses;
import backupsync.http.OAuthSession;
import backupsync.http.RequestParts;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** {@code GET /zstack/v1/database-backups[/{uuid}]}: ZStack's query API, limited to what the caller owns. */
public class QueryDatabaseBackups {
    static final Map<String, String> COLUMNS = new LinkedHashMap<>();
    static final List<String> NUMERIC = List.of("size");
    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 10000;

    static {
        for (String field : List.of("uuid", "name", "description", "state", "status", "size", "createDate", "lastOpDate")) {
            COLUMNS.put(field, "b." + field);
        }
        COLUMNS.put("backupStorageRefs.backupStorageUuid", "r.backupStorageUuid");
    }

    private final SessionService sessions;
    private final NamedParameterJdbcTemplate jdbc;

    public QueryDatabaseBackups(SessionService sessions, NamedParameterJdbcTemplate jdbc) {
        this.sessions = sessions;
        this.jdbc = jdbc;
    }

    /** Step "queryDatabaseBackups". */
    public void queryDatabaseBackups(Exchange exchange) {
        Caller caller = sessions.authenticate(OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization")));
        Map<String, List<String>> parameters = parseQueryString(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
        List<String> conditions = new ArrayList<>(parameters.getOrDefault("q", List.of()));
        String single = RequestParts.databaseBackupUuid(exchange);
        if (single != null) {
            conditions.add("uuid=" + single);
        }

        StringBuilder where = new StringBuilder();
        Map<String, Object> values = new HashMap<>();
        int index = 0;
        for (String text : conditions) {
            QueryCondition condition = QueryCondition.parse(text, COLUMNS, NUMERIC);
            String column = condition.column();
            String prefix = column.startsWith("r.") ? "EXISTS (SELECT 1 FROM DatabaseBackupStorageRefVO r WHERE r.databaseBackupUuid = b.uuid AND " : "(";
            if (condition.value() == null) {
                where.append(" AND ").append(prefix).append(column).append(' ').append(condition.operator()).append(')');
            } else if (condition.operator().endsWith("IN")) {
                where.append(" AND ").append(prefix).append(column).append(' ').append(condition.operator()).append(" (:p").append(index).append("))");
                values.put("p" + index, condition.value());
            } else {
                where.append(" AND ").append(prefix).append(column).append(' ').append(condition.operator()).append(" :p").append(index).append(')');
                values.put("p" + index, condition.value());
            }
            index++;
        }
        if (!caller.isAdmin()) {
            where.append(" AND b.uuid IN (SELECT resourceUuid FROM AccountResourceRefVO WHERE accountUuid = :callerAccountUuid AND resourceType = 'DatabaseBackupVO')");
            values.put("callerAccountUuid", caller.accountUuid());
        }

        boolean countOnly = flag(parameters, "count");
        boolean withCount = flag(parameters, "replyWithCount");
        Long total = countOnly || withCount
                ? jdbc.queryForObject(SqlFiles.load("count-database-backups").replace("/*where*/", where), values, Long.class)
                : null;
        if (countOnly) {
            HttpResponses.write(exchange, 200, Map.of("total", total));
            return;
        }
        values.put("limit", number(parameters, "limit", DEFAULT_LIMIT, MAX_LIMIT));
        values.put("start", number(parameters, "start", 0, Integer.MAX_VALUE));
        String sql = SqlFiles.load("query-database-backups").replace("/*where*/", where)
                .replace("/*orderBy*/", orderBy(parameters));
        List<DatabaseBackupRow> backups = jdbc.queryForList(sql, values).stream().map(DatabaseBackupRow::from).toList();
        HttpResponses.write(exchange, 200, HttpResponses.inventoriesReply(withRefs(backups), total));
    }

    private List<DatabaseBackupInventory> withRefs(List<DatabaseBackupRow> backups) {
        if (backups.isEmpty()) {
            return List.of();
        }
        Map<String, List<BackupStorageRefRow>> refs = new HashMap<>();
        jdbc.queryForList(SqlFiles.load("select-refs-of-backups"),
                        Map.of("uuids", backups.stream().map(DatabaseBackupRow::uuid).toList()))
                .stream().map(BackupStorageRefRow::from)
                .forEach(ref -> refs.computeIfAbsent(ref.databaseBackupUuid(), k -> new ArrayList<>()).add(ref));
        return backups.stream().map(b -> new DatabaseBackupInventory(b.uuid(), b.name(), b.description(), b.state(),
                b.status(), b.size(), b.metadata(), b.createDate(), b.lastOpDate(),
                refs.getOrDefault(b.uuid(), List.of()).stream().map(BackupStorageRefRow::toInventory).toList())).toList();
    }

    private static String orderBy(Map<String, List<String>> parameters) {
        List<String> sort = parameters.get("sort");
        if (sort == null || sort.isEmpty()) {
            return "ORDER BY b.createDate, b.uuid";
        }
        String spec = sort.get(0).strip();
        String direction = spec.startsWith("-") ? "DESC" : "ASC";
        String field = spec.startsWith("-") || spec.startsWith("+") ? spec.substring(1) : spec;
        String column = COLUMNS.get(field);
        if (column == null || column.startsWith("r.")) {
            throw ApiException.invalidField("sort", "cannot sort on '%s'; use +field or -field with one of %s"
                    .formatted(QueryCondition.shorten(field), List.of("uuid", "name", "size", "createDate", "lastOpDate")));
        }
        return "ORDER BY " + column + " " + direction + ", b.uuid";
    }

    public static int number(Map<String, List<String>> parameters, String name, int defaultValue, int max) {
        List<String> given = parameters.get(name);
        if (given == null || given.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(given.get(0).strip());
            if (value < 0 || value > max) {
                throw ApiException.invalidField(name, "must be between 0 and %d".formatted(max));
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, "'%s' is not a number".formatted(QueryCondition.shorten(given.get(0))));
        }
    }

    private static boolean flag(Map<String, List<String>> parameters, String name) {
        List<String> given = parameters.get(name);
        return given != null && !given.isEmpty() && Boolean.parseBoolean(given.get(0).strip());
    }

    public static Map<String, List<String>> parseQueryString(String query) {
        Map<String, List<String>> parameters = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.malformed(backupsync.api.ZStackError.INVALID_ARGUMENT,
                    "the query string is not valid URL encoding: " + QueryCondition.shorten(text));
        }
    }
}
