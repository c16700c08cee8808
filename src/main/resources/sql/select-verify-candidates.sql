-- The copies one verify run looks at: every Ready ref on the policy's store (an empty storeUuid: on every store),
-- with what the copy must be (size, metadata for its md5) and when it was last verified. Read as a stream.
SELECT r.id AS refId, r.databaseBackupUuid AS backupUuid, r.backupStorageUuid AS backupStorageUuid,
       r.installPath AS installPath, b.size AS size, b.metadata AS metadata,
       v.lastVerifiedDate AS lastVerifiedDate, v.outcome AS verifyOutcome
FROM DatabaseBackupStorageRefVO r
JOIN DatabaseBackupVO b ON b.uuid = r.databaseBackupUuid
LEFT JOIN BackupStorageRefVerificationVO v ON v.refId = r.id
WHERE r.status = 'Ready'
  AND (:#storeUuid = '' OR r.backupStorageUuid = :#storeUuid)
ORDER BY r.backupStorageUuid, r.id
