UPDATE BackupStorageRefVerificationVO
SET lastVerifiedDate = CURRENT_TIMESTAMP, outcome = :outcome, actualSize = :actualSize, actualMd5 = :actualMd5,
    runUuid = :runUuid
WHERE refId = :refId
