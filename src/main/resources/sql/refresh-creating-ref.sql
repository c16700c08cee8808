UPDATE DatabaseBackupStorageRefVO
SET lastOpDate = CURRENT_TIMESTAMP
WHERE databaseBackupUuid = :backupUuid AND backupStorageUuid = :dstBackupStorageUuid AND status = 'Creating'
