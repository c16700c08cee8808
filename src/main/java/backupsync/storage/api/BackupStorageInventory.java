package backupsync.storage.api;

import java.util.Date;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * ZStack's BackupStorageInventory, and for an image store its ImageStoreBackupStorageInventory (hostname, username,
 * sshPort added). Never the password: ZStack's inventory has no such field either.
 */
@JsonPropertyOrder({"uuid", "name", "url", "description", "totalCapacity", "availableCapacity", "type", "state",
        "status", "createDate", "lastOpDate", "attachedZoneUuids", "hostname", "username", "sshPort"})
public record BackupStorageInventory(String uuid, String name, String url, String description, Long totalCapacity,
                                     Long availableCapacity, String type, String state, String status, Date createDate,
                                     Date lastOpDate, List<String> attachedZoneUuids,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) String hostname,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) String username,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) Integer sshPort) {
    public static final String ZSTACK_CLASS = "org.zstack.header.storage.backup.BackupStorageInventory";
    public static final String IMAGE_STORE_ZSTACK_CLASS = "org.zstack.storage.backup.imagestore.ImageStoreBackupStorageInventory";

    /** The server class ZStack's SDK builds the typed object from (the {@code schema} map). */
    public String zstackClass() {
        return hostname != null ? IMAGE_STORE_ZSTACK_CLASS : ZSTACK_CLASS;
    }

    /** The same store as BackupStorageInventory alone (QueryBackupStorage). */
    public BackupStorageInventory withoutHost() {
        return new BackupStorageInventory(uuid, name, url, description, totalCapacity, availableCapacity, type, state,
                status, createDate, lastOpDate, attachedZoneUuids, null, null, null);
    }
}
