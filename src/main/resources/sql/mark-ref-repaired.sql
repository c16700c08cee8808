-- In the commit of a sync that replaced a bad copy: the copy was just verified while written.
UPDATE BackupStorageRefVerificationVO
SET outcome = 'Repaired', lastVerifiedDate = CURRENT_TIMESTAMP, actualSize = :#size, actualMd5 = NULL
WHERE refId = :#dstRefId
