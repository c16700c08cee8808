INSERT INTO VerifyRunItemVO
    (runUuid, databaseBackupUuid, backupStorageUuid, path, outcome, bytes, expectedMd5, actualMd5, repairedFrom, code,
     details, createDate)
VALUES (:runUuid, :databaseBackupUuid, :backupStorageUuid, :path, :outcome, :bytes, :expectedMd5, :actualMd5,
        :repairedFrom, :code, :details, CURRENT_TIMESTAMP)
