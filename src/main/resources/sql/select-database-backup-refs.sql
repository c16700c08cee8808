SELECT databaseBackupUuid, backupStorageUuid, installPath, exportUrl, status, createDate, lastOpDate
FROM DatabaseBackupStorageRefVO
WHERE databaseBackupUuid = :#backupUuid
ORDER BY id
