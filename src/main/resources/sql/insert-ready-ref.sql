INSERT INTO DatabaseBackupStorageRefVO
    (backupStorageUuid, databaseBackupUuid, status, installPath, exportUrl, lastOpDate, createDate)
VALUES (:backupStorageUuid, :databaseBackupUuid, 'Ready', :installPath, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
