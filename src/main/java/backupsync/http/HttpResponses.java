package backupsync.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import backupsync.api.DatabaseBackupInventory;
import backupsync.api.DatabaseBackupStorageRefInventory;
import backupsync.api.ErrorCode;
import backupsync.api.ZStackJson;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes ZStack-shaped JSON answers. Request headers are dropped first: platform-http would otherwise echo them
 * (Authorization included) back to the caller.
 */
public final class HttpResponses {
    /** Request header ZStack's SDK sends to ask for the {@code schema} map of typed results. */
    public static final String JSON_SCHEMA_HEADER = "X-JSON-Schema";
    static final String WANTS_SCHEMA = "backupSyncWantsSchema";

    private HttpResponses() {
    }

    /** Remember before the headers are gone whether the caller asked for ZStack's schema map. */
    public static void noteSchemaRequest(Exchange exchange) {
        Object header = exchange.getMessage().getHeader(JSON_SCHEMA_HEADER);
        exchange.setProperty(WANTS_SCHEMA, header != null && !"false".equalsIgnoreCase(header.toString()));
    }

    public static boolean wantsSchema(Exchange exchange) {
        return exchange.getProperty(WANTS_SCHEMA, false, Boolean.class);
    }

    public static void write(Exchange exchange, int status, Object body) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, ZStackJson.CONTENT_TYPE);
        message.setBody(ZStackJson.write(body));
    }

    public static void writeError(Exchange exchange, int status, ErrorCode error) {
        write(exchange, status, Map.of("error", error));
    }

    /** {@code {"inventory": ...}} with, when asked for, the schema map ZStack's SDK builds typed objects from. */
    public static Map<String, Object> inventoryReply(DatabaseBackupInventory inventory, boolean withSchema) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("inventory", inventory);
        if (withSchema) {
            Map<String, String> schema = new LinkedHashMap<>();
            schema.put("inventory", DatabaseBackupInventory.ZSTACK_CLASS);
            addRefSchema(schema, "inventory", inventory.backupStorageRefs());
            reply.put("schema", schema);
        }
        return reply;
    }

    /** {@code {"inventories": [...]}}; queries always carry the schema map, as ZStack's do. */
    public static Map<String, Object> inventoriesReply(List<DatabaseBackupInventory> inventories, Long total) {
        return inventoriesReply(inventories, total, (schema, path, inventory) -> {
            schema.put(path, DatabaseBackupInventory.ZSTACK_CLASS);
            addRefSchema(schema, path, inventory.backupStorageRefs());
        });
    }

    /** How one listed inventory appears in the schema map: its class under its path, and its nested objects'. */
    @FunctionalInterface
    public interface SchemaOf<T> {
        void add(Map<String, String> schema, String path, T inventory);
    }

    /** {@code {"inventories": [...], "total": n, "schema": {...}}} for any query answer. */
    public static <T> Map<String, Object> inventoriesReply(List<T> inventories, Long total, SchemaOf<T> schemaOf) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("inventories", inventories);
        if (total != null) {
            reply.put("total", total);
        }
        Map<String, String> schema = new LinkedHashMap<>();
        for (int i = 0; i < inventories.size(); i++) {
            schemaOf.add(schema, "inventories[" + i + "]", inventories.get(i));
        }
        reply.put("schema", schema);
        return reply;
    }

    private static void addRefSchema(Map<String, String> schema, String path, List<DatabaseBackupStorageRefInventory> refs) {
        if (refs == null) {
            return;
        }
        for (int i = 0; i < refs.size(); i++) {
            schema.put(path + ".backupStorageRefs[" + i + "]", DatabaseBackupStorageRefInventory.ZSTACK_CLASS);
        }
    }
}
