SELECT databaseBackupUuid, backupStorageUuid, requestId, temporaryPath, targetPath
FROM SyncReservationVO
WHERE nodeId = :nodeId
