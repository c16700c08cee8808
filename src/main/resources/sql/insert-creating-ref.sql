INSERT INTO DatabaseBackupStorageRefVO
    (backupStorageUuid, databaseBackupUuid, status, installPath, exportUrl, lastOpDate, createDate)
VALUES (:#dstBackupStorageUuid, :#backupUuid, 'Creating', :#installPath, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
