SELECT databaseBackupUuid, backupStorageUuid, requestId, temporaryPath, targetPath, durableBytes
FROM SyncReservationVO
WHERE nodeId = :nodeId
