SELECT databaseBackupUuid, backupStorageUuid, path, outcome, bytes, expectedMd5, actualMd5, repairedFrom, code,
       details, createDate
FROM VerifyRunItemVO
WHERE runUuid = :runUuid
ORDER BY id
