SELECT databaseBackupUuid, backupStorageUuid, requestId, temporaryPath, targetPath, durableBytes
FROM SyncReservationVO
WHERE databaseBackupUuid = :databaseBackupUuid AND backupStorageUuid = :backupStorageUuid
