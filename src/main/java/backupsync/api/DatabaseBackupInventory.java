package backupsync.api;

import java.util.Date;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** ZStack's DatabaseBackupInventory, field for field. */
@JsonPropertyOrder({"uuid", "name", "description", "state", "status", "size", "metadata", "createDate", "lastOpDate",
        "backupStorageRefs"})
public record DatabaseBackupInventory(String uuid, String name, String description, String state, String status,
                                      Long size, String metadata, Date createDate, Date lastOpDate,
                                      List<DatabaseBackupStorageRefInventory> backupStorageRefs) {
    public static final String ZSTACK_CLASS = "org.zstack.header.storage.database.backup.DatabaseBackupInventory";
}
