INSERT INTO SyncReservationVO (databaseBackupUuid, backupStorageUuid, nodeId, requestId, temporaryPath, targetPath, createDate)
VALUES (:databaseBackupUuid, :backupStorageUuid, :nodeId, :requestId, :temporaryPath, :targetPath, CURRENT_TIMESTAMP)
