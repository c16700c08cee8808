-- Only Ready refs: a Creating ref is a copy still under way, whose commit consumes its own capacity
-- (consume-destination-capacity.sql); counting it here too would take it twice when a node starts mid-copy.
UPDATE BackupStorageEO
SET availableCapacity = totalCapacity - (
    SELECT COALESCE(SUM(b.size), 0)
    FROM DatabaseBackupStorageRefVO r JOIN DatabaseBackupVO b ON b.uuid = r.databaseBackupUuid
    WHERE r.backupStorageUuid = :uuid AND r.status = 'Ready')
WHERE uuid = :uuid AND totalCapacity IS NOT NULL
  -- Only when it is off: an unchanged row is not locked while another node commits copies to this store.
  AND (availableCapacity IS NULL OR availableCapacity <> totalCapacity - (
        SELECT COALESCE(SUM(b.size), 0)
        FROM DatabaseBackupStorageRefVO r JOIN DatabaseBackupVO b ON b.uuid = r.databaseBackupUuid
        WHERE r.backupStorageUuid = :uuid AND r.status = 'Ready'))
