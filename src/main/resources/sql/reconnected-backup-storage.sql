-- ReconnectBackupStorage succeeded: Connected, with the free space the host reported. The total is what is free
-- plus what the store's Ready copies take (the store interface reports free space only).
UPDATE BackupStorageEO
SET status = 'Connected', availableCapacity = :freeBytes,
    totalCapacity = :freeBytes + (
        SELECT COALESCE(SUM(b.size), 0)
        FROM DatabaseBackupStorageRefVO r JOIN DatabaseBackupVO b ON b.uuid = r.databaseBackupUuid
        WHERE r.backupStorageUuid = :uuid AND r.status = 'Ready'),
    lastOpDate = CURRENT_TIMESTAMP
WHERE uuid = :uuid AND deleted IS NULL
