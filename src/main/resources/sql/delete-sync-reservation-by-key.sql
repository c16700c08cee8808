DELETE FROM SyncReservationVO
WHERE databaseBackupUuid = :databaseBackupUuid AND backupStorageUuid = :backupStorageUuid
