-- Every ref on one store (any status) with its last verification: what the store's folders should hold.
SELECT r.id AS refId, r.databaseBackupUuid AS databaseBackupUuid, r.installPath AS installPath, r.status AS status,
       v.outcome AS verifyOutcome
FROM DatabaseBackupStorageRefVO r
LEFT JOIN BackupStorageRefVerificationVO v ON v.refId = r.id
WHERE r.backupStorageUuid = :storeUuid
ORDER BY r.id
