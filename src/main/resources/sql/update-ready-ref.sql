UPDATE DatabaseBackupStorageRefVO SET installPath = :installPath, status = 'Ready'
WHERE databaseBackupUuid = :databaseBackupUuid AND backupStorageUuid = :backupStorageUuid
  AND NOT (installPath = :installPath AND status = 'Ready')
