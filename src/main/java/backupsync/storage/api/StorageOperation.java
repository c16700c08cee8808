package backupsync.storage.api;

import java.util.ArrayList;
import java.util.List;

import backupsync.auth.Caller;
import com.fasterxml.jackson.databind.JsonNode;

/** One call of the backup storage API, from the request to its answer (exchange property {@link #PROPERTY}). */
public final class StorageOperation {
    public static final String PROPERTY = "backupStorageOperation";

    public enum Action { ADD, RECONNECT, UPDATE, DELETE }

    private final Action action;
    private final String uuid;
    private final JsonNode params;
    private final List<String> systemTags;
    private final Caller caller;
    private AddImageStoreParams add;
    private String acceptedFingerprint;
    private long freeBytes;
    private Object answer;

    StorageOperation(Action action, String uuid, JsonNode params, List<String> systemTags, Caller caller) {
        this.action = action;
        this.uuid = uuid;
        this.params = params;
        this.systemTags = List.copyOf(systemTags);
        this.caller = caller;
    }

    public Action getAction() {
        return action;
    }

    /** The store's uuid: from the path, or chosen for a new store. */
    public String getUuid() {
        return uuid;
    }

    public JsonNode getParams() {
        return params;
    }

    public Caller getCaller() {
        return caller;
    }

    /**
     * A backup-sync directive given either as a param of the action ({@code "name": "value"}) or, the way ZStack's SDK
     * can send it, as a system tag {@code name::value}; null when neither is there.
     */
    public String directive(String name) {
        JsonNode param = params.get(name);
        if (param != null && !param.isNull()) {
            return param.asText();
        }
        List<String> values = new ArrayList<>();
        for (String tag : systemTags) {
            if (tag.startsWith(name + "::")) {
                values.add(tag.substring(name.length() + 2));
            }
        }
        return values.isEmpty() ? null : values.get(0);
    }

    AddImageStoreParams getAdd() {
        return add;
    }

    void setAdd(AddImageStoreParams add) {
        this.add = add;
    }

    /** The host key fingerprint this operation connects with: learned and accepted, or pinned. */
    String getAcceptedFingerprint() {
        return acceptedFingerprint;
    }

    void setAcceptedFingerprint(String acceptedFingerprint) {
        this.acceptedFingerprint = acceptedFingerprint;
    }

    long getFreeBytes() {
        return freeBytes;
    }

    void setFreeBytes(long freeBytes) {
        this.freeBytes = freeBytes;
    }

    public Object getAnswer() {
        return answer;
    }

    void setAnswer(Object answer) {
        this.answer = answer;
    }
}
