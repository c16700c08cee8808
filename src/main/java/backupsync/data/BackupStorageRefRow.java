package backupsync.data;

import java.util.Date;
import java.util.Map;

import backupsync.api.DatabaseBackupStorageRefInventory;

/** A DatabaseBackupStorageRefVO row: where a backup lies on a store, and whether it is complete. */
public record BackupStorageRefRow(String databaseBackupUuid, String backupStorageUuid, String installPath,
                                  String exportUrl, String status, Date createDate, Date lastOpDate) {
    public static final String READY = "Ready";
    public static final String CREATING = "Creating";

    public static BackupStorageRefRow from(Map<String, Object> row) {
        return new BackupStorageRefRow((String) row.get("databaseBackupUuid"), (String) row.get("backupStorageUuid"),
                (String) row.get("installPath"), (String) row.get("exportUrl"), (String) row.get("status"),
                (Date) row.get("createDate"), (Date) row.get("lastOpDate"));
    }

    public DatabaseBackupStorageRefInventory toInventory() {
        return new DatabaseBackupStorageRefInventory(databaseBackupUuid, backupStorageUuid, installPath, exportUrl,
                status, createDate, lastOpDate);
    }
}
