package backupsync.data;

import java.util.Date;
import java.util.Map;

import backupsync.api.DatabaseBackupStorageRefInventory;

/**
 * A DatabaseBackupStorageRefVO row: where a backup lies on a store, and whether it is complete; with what the last
 * verify run found there (BackupStorageRefVerificationVO; null when never verified).
 */
public record BackupStorageRefRow(Long refId, String databaseBackupUuid, String backupStorageUuid, String installPath,
                                  String exportUrl, String status, Date createDate, Date lastOpDate,
                                  Date lastVerifiedDate, String verifyOutcome) {
    public static final String READY = "Ready";
    public static final String CREATING = "Creating";
    /** Verify outcomes that mark a Ready copy bad: a sync copies it again instead of answering "already there". */
    public static final String CORRUPT = "Corrupt";
    public static final String MISSING = "Missing";

    public static BackupStorageRefRow from(Map<String, Object> row) {
        return new BackupStorageRefRow(Rows.toLong(row.get("refId")), (String) row.get("databaseBackupUuid"),
                (String) row.get("backupStorageUuid"), (String) row.get("installPath"), (String) row.get("exportUrl"),
                (String) row.get("status"), Rows.date(row.get("createDate")), Rows.date(row.get("lastOpDate")),
                Rows.date(row.get("lastVerifiedDate")), (String) row.get("verifyOutcome"));
    }

    /** Ready, but the last verify run found the file corrupt or gone. */
    public boolean isMarkedBad() {
        return READY.equals(status) && isBadOutcome(verifyOutcome);
    }

    public static boolean isBadOutcome(String outcome) {
        return CORRUPT.equals(outcome) || MISSING.equals(outcome);
    }

    public DatabaseBackupStorageRefInventory toInventory() {
        return new DatabaseBackupStorageRefInventory(databaseBackupUuid, backupStorageUuid, installPath, exportUrl,
                status, createDate, lastOpDate, lastVerifiedDate, verifyOutcome);
    }
}
