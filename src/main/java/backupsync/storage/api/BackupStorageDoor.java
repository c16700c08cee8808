package backupsync.storage.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.auth.Caller;
import backupsync.auth.SessionService;
import backupsync.http.HttpResponses;
import backupsync.http.OAuthSession;
import backupsync.http.RequestParts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/**
 * The backup storage doors (routes/backup-storage-doors.yaml): turns ZStack's Add/Reconnect/Update/DeleteBackupStorage
 * requests into one {@link StorageOperation} and writes its answer back. Admin only: a store concerns every backup.
 */
public class BackupStorageDoor {
    public static final String ADD_PATH = "/zstack/v1/backup-storage/image-store";
    public static final String RECONNECT_KEY = "reconnectBackupStorage";
    public static final String UPDATE_KEY = "updateBackupStorage";
    private static final Pattern STORE_PATH = Pattern.compile("^/zstack/v1/backup-storage/([^/]+)(/actions)?/?$");
    private static final String ORIGINAL_BODY = "backupStorageJobBody";
    private static final String HIDDEN = "*****";

    private final SessionService sessions;

    public BackupStorageDoor(SessionService sessions) {
        this.sessions = sessions;
    }

    /** Step "readBackupStorageOperation": who asks (an admin session, else ID.1001 / ID.1002) and what. */
    public void readOperation(Exchange exchange) {
        HttpResponses.noteSchemaRequest(exchange);
        Caller caller = requireAdmin(exchange, sessions);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = RequestParts.path(exchange);
        StorageOperation operation;
        if ("POST".equals(method) && path != null && path.replaceAll("/+$", "").equals(ADD_PATH)) {
            JsonNode body = ZStackJson.readObject(RequestParts.jsonBody(exchange));
            operation = new StorageOperation(StorageOperation.Action.ADD, null, actionObject(body, "params"), tags(body, "params"), caller);
        } else if ("DELETE".equals(method)) {
            operation = new StorageOperation(StorageOperation.Action.DELETE, storeUuid(path, false),
                    JsonNodeFactory.instance.objectNode(), List.of(), caller);
        } else {
            String uuid = storeUuid(path, true);
            JsonNode body = ZStackJson.readObject(RequestParts.jsonBody(exchange));
            if (body.has(RECONNECT_KEY)) {
                operation = new StorageOperation(StorageOperation.Action.RECONNECT, uuid, actionObject(body, RECONNECT_KEY),
                        tags(body, RECONNECT_KEY), caller);
            } else if (body.has(UPDATE_KEY)) {
                operation = new StorageOperation(StorageOperation.Action.UPDATE, uuid, actionObject(body, UPDATE_KEY),
                        tags(body, UPDATE_KEY), caller);
            } else {
                throw ApiException.malformed(ZStackError.INVALID_ARGUMENT, "the body has no action key; expected {\"%s\": {}} or {\"%s\": {\"name\": ..., \"description\": ...}}"
                        .formatted(RECONNECT_KEY, UPDATE_KEY));
            }
        }
        exchange.setProperty(StorageOperation.PROPERTY, operation);
        exchange.getMessage().setBody(null);
    }

    /** Step "writeBackupStorageAnswer": 200 with the operation's answer ({"inventory": ...} or {} for a delete). */
    public void writeAnswer(Exchange exchange) {
        StorageOperation operation = exchange.getProperty(StorageOperation.PROPERTY, StorageOperation.class);
        Object answer = operation.getAnswer();
        if (answer instanceof BackupStorageInventory inventory) {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("inventory", inventory);
            if (HttpResponses.wantsSchema(exchange)) {
                reply.put("schema", Map.of("inventory", inventory.zstackClass()));
            }
            answer = reply;
        }
        HttpResponses.write(exchange, 200, answer == null ? Map.of() : answer);
    }

    /**
     * Step "hidePasswordFromJobRecord": AsyncRestVO.requestData records the request for people; the password is
     * replaced there. The body itself is kept for the job and put back by {@link #restoreJobBody}.
     */
    public void hidePasswordFromJobRecord(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        exchange.setProperty(ORIGINAL_BODY, body);
        String recorded;
        try {
            JsonNode parsed = ZStackJson.readObject(body);
            hidePasswords(parsed);
            recorded = ZStackJson.write(parsed);
        } catch (ApiException notJson) {
            // The job fails on it with its own ErrorCode; a body that is not JSON is not recorded at all.
            recorded = "(not recorded: not a JSON object)";
        }
        exchange.getMessage().setBody(recorded);
    }

    /** Step "restoreJobRequestBody". */
    public void restoreJobBody(Exchange exchange) {
        exchange.getMessage().setBody(exchange.getProperty(ORIGINAL_BODY, String.class));
        exchange.removeProperty(ORIGINAL_BODY);
    }

    private static void hidePasswords(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (name.equalsIgnoreCase("password")) {
                    object.put(name, HIDDEN);
                } else {
                    hidePasswords(object.get(name));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(BackupStorageDoor::hidePasswords);
        }
    }

    static Caller requireAdmin(Exchange exchange, SessionService sessions) {
        return sessions.authenticateAdmin(OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization")),
                "Backup storage is managed by the admin account only");
    }

    private static String storeUuid(String path, boolean actions) {
        Matcher matcher = path == null ? null : STORE_PATH.matcher(path);
        if (matcher == null || !matcher.matches() || (matcher.group(2) != null) != actions) {
            throw new ApiException(ZStackError.RESOURCE_NOT_FOUND, "no API at " + AddImageStoreParams.shorten(String.valueOf(path)), 404);
        }
        String uuid = matcher.group(1);
        if (!Uuids.isValid(uuid)) {
            throw ApiException.invalidField("uuid", "'%s' is not a ZStack uuid (32 lowercase hex characters)".formatted(AddImageStoreParams.shorten(uuid)));
        }
        return uuid;
    }

    private static JsonNode actionObject(JsonNode body, String key) {
        JsonNode action = body.get(key);
        if (action == null || !action.isObject()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT, "the body must be {\"%s\": {...}}".formatted(key));
        }
        return action;
    }

    /** System tags inside the action object (as ZStack's SDK sends them) or beside it (as ZStack's curl examples do). */
    private static List<String> tags(JsonNode body, String key) {
        List<String> tags = new ArrayList<>();
        for (JsonNode holder : List.of(body.get(key), body)) {
            JsonNode list = holder.get("systemTags");
            if (list == null || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                throw ApiException.invalidField("systemTags", "must be a list of strings");
            }
            for (JsonNode tag : list) {
                if (!tag.isTextual() || tag.asText().length() > 4096) {
                    throw ApiException.invalidField("systemTags", "must be a list of strings of at most 4096 characters");
                }
                tags.add(tag.asText());
            }
        }
        return tags;
    }
}
