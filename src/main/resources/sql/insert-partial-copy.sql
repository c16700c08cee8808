-- A temporary file left for the next sync of the same backup to the same store to resume from durableBytes.
INSERT INTO PartialCopyVO (databaseBackupUuid, backupStorageUuid, temporaryPath, durableBytes, createDate)
VALUES (:databaseBackupUuid, :backupStorageUuid, :temporaryPath, :durableBytes, CURRENT_TIMESTAMP)
