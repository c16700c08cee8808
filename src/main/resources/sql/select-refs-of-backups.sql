SELECT databaseBackupUuid, backupStorageUuid, installPath, exportUrl, status, createDate, lastOpDate
FROM DatabaseBackupStorageRefVO
WHERE databaseBackupUuid IN (:uuids)
ORDER BY id
