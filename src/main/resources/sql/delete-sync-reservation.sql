DELETE FROM SyncReservationVO
WHERE databaseBackupUuid = :#backupUuid AND backupStorageUuid = :#dstBackupStorageUuid
