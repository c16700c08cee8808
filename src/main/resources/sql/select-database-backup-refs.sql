SELECT r.id AS refId, r.databaseBackupUuid AS databaseBackupUuid, r.backupStorageUuid AS backupStorageUuid,
       r.installPath AS installPath, r.exportUrl AS exportUrl, r.status AS status, r.createDate AS createDate,
       r.lastOpDate AS lastOpDate, v.lastVerifiedDate AS lastVerifiedDate, v.outcome AS verifyOutcome
FROM DatabaseBackupStorageRefVO r
LEFT JOIN BackupStorageRefVerificationVO v ON v.refId = r.id
WHERE r.databaseBackupUuid = :#backupUuid
ORDER BY r.id
