-- A copy's checkpoint: this many bytes of its temporary file are fsynced, so a later sync may resume from them.
UPDATE SyncReservationVO
SET durableBytes = :durableBytes
WHERE databaseBackupUuid = :databaseBackupUuid AND backupStorageUuid = :backupStorageUuid AND requestId = :requestId
