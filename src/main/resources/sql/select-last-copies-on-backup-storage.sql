-- Backups whose only Ready copy is on this store: deleting the store would lose them.
SELECT r.databaseBackupUuid
FROM DatabaseBackupStorageRefVO r
WHERE r.backupStorageUuid = :uuid AND r.status = 'Ready'
  AND NOT EXISTS (SELECT 1 FROM DatabaseBackupStorageRefVO o
                  WHERE o.databaseBackupUuid = r.databaseBackupUuid AND o.backupStorageUuid <> :uuid
                    AND o.status = 'Ready')
ORDER BY r.databaseBackupUuid
