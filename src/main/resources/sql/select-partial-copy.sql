SELECT temporaryPath, durableBytes
FROM PartialCopyVO
WHERE databaseBackupUuid = :databaseBackupUuid AND backupStorageUuid = :backupStorageUuid
