package backupsync.api;

import java.util.Date;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** ZStack's DatabaseBackupStorageRefInventory, field for field. */
@JsonPropertyOrder({"databaseBackupUuid", "backupStorageUuid", "installPath", "exportUrl", "status", "createDate",
        "lastOpDate"})
public record DatabaseBackupStorageRefInventory(String databaseBackupUuid, String backupStorageUuid,
                                                String installPath, String exportUrl, String status,
                                                Date createDate, Date lastOpDate) {
    public static final String ZSTACK_CLASS =
            "org.zstack.header.storage.database.backup.DatabaseBackupStorageRefInventory";
}
