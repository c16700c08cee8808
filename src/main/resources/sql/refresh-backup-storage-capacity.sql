UPDATE BackupStorageEO
SET availableCapacity = totalCapacity - (
    SELECT COALESCE(SUM(b.size), 0)
    FROM DatabaseBackupStorageRefVO r JOIN DatabaseBackupVO b ON b.uuid = r.databaseBackupUuid
    WHERE r.backupStorageUuid = :uuid)
WHERE uuid = :uuid AND totalCapacity IS NOT NULL
