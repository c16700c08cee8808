SELECT databaseBackupUuid, backupStorageUuid, code, description, details, createDate
FROM ReplicationRunFailureVO
WHERE runUuid = :runUuid
ORDER BY id
