package backupsync.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one canonical sync request every door produces. Parsing accepts both spellings of the action key
 * (the SDK's camelCase and the published page's lowercase) and tags at either level; anything that cannot be
 * read at all is a malformed request (400). Whether the values make sense is checked by the pipeline.
 */
public record SyncRequest(String backupUuid, String srcBackupStorageUuid, String dstBackupStorageUuid,
                          List<String> systemTags, List<String> userTags) {

    public static final String ACTION_KEY = "syncDatabaseBackupFromImageStoreBackupStorage";
    public static final String ACTION_KEY_LOWERCASE = "syncdatabasebackupfromimagestorebackupstorage";

    public static SyncRequest fromJson(String body, String backupUuid) {
        return fromJson(ZStackJson.readObject(body), backupUuid);
    }

    public static SyncRequest fromJson(JsonNode root, String backupUuid) {
        JsonNode action = actionObject(root);
        List<String> systemTags = tags(root, action, "systemTags");
        List<String> userTags = tags(root, action, "userTags");
        return new SyncRequest(backupUuid, text(action, "srcBackupStorageUuid"), text(action, "dstBackupStorageUuid"),
                systemTags, userTags);
    }

    private static JsonNode actionObject(JsonNode root) {
        JsonNode camel = root.get(ACTION_KEY);
        JsonNode lower = root.get(ACTION_KEY_LOWERCASE);
        if (camel != null && lower != null) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the body has both '%s' and '%s'; send one".formatted(ACTION_KEY, ACTION_KEY_LOWERCASE));
        }
        JsonNode action = camel != null ? camel : lower;
        if (action == null) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the body has no action key; expected {\"%s\": {\"srcBackupStorageUuid\": ..., \"dstBackupStorageUuid\": ...}}"
                            .formatted(ACTION_KEY));
        }
        if (!action.isObject()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "'%s' must be a JSON object".formatted(ACTION_KEY));
        }
        return action;
    }

    private static String text(JsonNode action, String field) {
        JsonNode value = action.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "field[%s] must be a string, got %s".formatted(field, value.getNodeType().name().toLowerCase()));
        }
        return value.textValue();
    }

    /** The SDK sends tags inside the action object, the page's curl at the top level: take both, once each. */
    private static List<String> tags(JsonNode root, JsonNode action, String field) {
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        readTags(action.get(field), field, tags);
        readTags(root.get(field), field, tags);
        return List.copyOf(new ArrayList<>(tags));
    }

    private static void readTags(JsonNode node, String field, LinkedHashSet<String> into) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT, "field[%s] must be a list of strings".formatted(field));
        }
        for (JsonNode tag : node) {
            if (!tag.isTextual()) {
                throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                        "field[%s] must be a list of strings, found %s".formatted(field,
                                tag.getNodeType().name().toLowerCase()));
            }
            into.add(tag.textValue());
        }
    }
}
