INSERT INTO BackupStorageRefVerificationVO (refId, lastVerifiedDate, outcome, actualSize, actualMd5, runUuid)
VALUES (:refId, CURRENT_TIMESTAMP, :outcome, :actualSize, :actualMd5, :runUuid)
