UPDATE BackupStorageEO
SET availableCapacity = availableCapacity - :#size
WHERE uuid = :#dstBackupStorageUuid AND availableCapacity IS NOT NULL
