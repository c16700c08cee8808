DELETE FROM DatabaseBackupStorageRefVO
WHERE databaseBackupUuid = :databaseBackupUuid AND backupStorageUuid = :backupStorageUuid AND status = 'Creating'
