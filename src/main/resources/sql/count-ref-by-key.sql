SELECT COUNT(*) FROM DatabaseBackupStorageRefVO
WHERE databaseBackupUuid = :databaseBackupUuid AND backupStorageUuid = :backupStorageUuid
