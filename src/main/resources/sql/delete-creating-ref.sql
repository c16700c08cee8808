DELETE FROM DatabaseBackupStorageRefVO
WHERE databaseBackupUuid = :#backupUuid AND backupStorageUuid = :#dstBackupStorageUuid AND status = 'Creating'
