package backupsync.storage.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.auth.SessionService;
import backupsync.data.SqlFiles;
import backupsync.http.HttpResponses;
import backupsync.query.QueryCondition;
import backupsync.query.QueryDatabaseBackups;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * QueryBackupStorage ({@code GET /zstack/v1/backup-storage}) and QueryImageStoreBackupStorage
 * ({@code GET /zstack/v1/backup-storage/image-store}): the conditions, sort, limit, start and count of the backup
 * query (QueryCondition). Admin only. No answer has a password: the query does not even select it.
 */
public class QueryBackupStorages {
    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();
    private static final Map<String, String> IMAGE_STORE_COLUMNS = new LinkedHashMap<>();
    private static final List<String> NUMERIC = List.of("totalCapacity", "availableCapacity", "sshPort");
    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 10000;

    static {
        for (String field : List.of("uuid", "name", "url", "description", "totalCapacity", "availableCapacity", "type",
                "state", "status", "createDate", "lastOpDate")) {
            COLUMNS.put(field, "s." + field);
        }
        IMAGE_STORE_COLUMNS.putAll(COLUMNS);
        for (String field : List.of("hostname", "username", "sshPort")) {
            IMAGE_STORE_COLUMNS.put(field, "i." + field);
        }
    }

    private final SessionService sessions;
    private final NamedParameterJdbcTemplate jdbc;

    public QueryBackupStorages(SessionService sessions, NamedParameterJdbcTemplate jdbc) {
        this.sessions = sessions;
        this.jdbc = jdbc;
    }

    /** Step "queryBackupStorages": BackupStorageInventory for every kind of store. */
    public void queryBackupStorages(Exchange exchange) {
        query(exchange, COLUMNS, "", false);
    }

    /** Step "queryImageStoreBackupStorages": ImageStoreBackupStorageInventory, with hostname, username, sshPort. */
    public void queryImageStoreBackupStorages(Exchange exchange) {
        query(exchange, IMAGE_STORE_COLUMNS, " AND i.uuid IS NOT NULL", true);
    }

    private void query(Exchange exchange, Map<String, String> columns, String kind, boolean imageStores) {
        BackupStorageDoor.requireAdmin(exchange, sessions);
        Map<String, List<String>> parameters = QueryDatabaseBackups.parseQueryString(
                exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
        StringBuilder where = new StringBuilder(kind);
        Map<String, Object> values = new HashMap<>();
        int index = 0;
        for (String text : parameters.getOrDefault("q", List.of())) {
            QueryCondition condition = QueryCondition.parse(text, columns, NUMERIC);
            where.append(" AND (").append(condition.column()).append(' ').append(condition.operator());
            if (condition.value() != null) {
                where.append(condition.operator().endsWith("IN") ? " (:p" + index + ")" : " :p" + index);
                values.put("p" + index, condition.value());
            }
            where.append(')');
            index++;
        }
        boolean countOnly = flag(parameters, "count");
        Long total = countOnly || flag(parameters, "replyWithCount")
                ? jdbc.queryForObject(SqlFiles.load("count-backup-storages").replace("/*where*/", where), values, Long.class)
                : null;
        if (countOnly) {
            HttpResponses.write(exchange, 200, Map.of("total", total));
            return;
        }
        values.put("limit", QueryDatabaseBackups.number(parameters, "limit", DEFAULT_LIMIT, MAX_LIMIT));
        values.put("start", QueryDatabaseBackups.number(parameters, "start", 0, Integer.MAX_VALUE));
        String sql = SqlFiles.load("query-backup-storages").replace("/*where*/", where)
                .replace("/*orderBy*/", orderBy(parameters, columns));
        List<BackupStorageInventory> inventories = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList(sql, values)) {
            BackupStorageInventory inventory = BackupStorageRecords.inventoryOf(row);
            inventories.add(imageStores ? inventory : inventory.withoutHost());
        }
        HttpResponses.write(exchange, 200, HttpResponses.inventoriesReply(inventories, total,
                (schema, path, inventory) -> schema.put(path, inventory.zstackClass())));
    }

    private static String orderBy(Map<String, List<String>> parameters, Map<String, String> columns) {
        List<String> sort = parameters.get("sort");
        if (sort == null || sort.isEmpty()) {
            return "ORDER BY s.createDate, s.uuid";
        }
        String spec = sort.get(0).strip();
        String field = spec.startsWith("-") || spec.startsWith("+") ? spec.substring(1) : spec;
        String column = columns.get(field);
        if (column == null) {
            throw ApiException.invalidField("sort", "cannot sort on '%s'; use +field or -field with one of %s"
                    .formatted(AddImageStoreParams.shorten(field), columns.keySet()));
        }
        return "ORDER BY " + column + (spec.startsWith("-") ? " DESC" : " ASC") + ", s.uuid";
    }

    private static boolean flag(Map<String, List<String>> parameters, String name) {
        List<String> given = parameters.get(name);
        return given != null && !given.isEmpty() && Boolean.parseBoolean(given.get(0).strip());
    }
}
