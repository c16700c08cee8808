-- The sync that takes a partial copy over deletes its row: one sync resumes it, and only once.
DELETE FROM PartialCopyVO
WHERE databaseBackupUuid = :databaseBackupUuid AND backupStorageUuid = :backupStorageUuid AND temporaryPath = :temporaryPath
