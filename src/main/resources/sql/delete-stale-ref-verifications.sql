-- The verification rows of refs that are gone (a ref id is never reused, so they join nothing; tidied here).
DELETE FROM BackupStorageRefVerificationVO
WHERE refId NOT IN (SELECT id FROM DatabaseBackupStorageRefVO)
