SELECT id, status, installPath, lastOpDate
FROM DatabaseBackupStorageRefVO
WHERE databaseBackupUuid = :backupUuid AND backupStorageUuid = :dstBackupStorageUuid
