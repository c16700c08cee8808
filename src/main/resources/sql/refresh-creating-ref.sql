-- The heartbeat of the sync that holds the reservation: none (0 rows) once another sync took the reservation over.
UPDATE DatabaseBackupStorageRefVO
SET lastOpDate = CURRENT_TIMESTAMP
WHERE databaseBackupUuid = :backupUuid AND backupStorageUuid = :dstBackupStorageUuid AND status = 'Creating'
  AND EXISTS (
      SELECT 1 FROM SyncReservationVO s
      WHERE s.databaseBackupUuid = :backupUuid AND s.backupStorageUuid = :dstBackupStorageUuid
        AND s.requestId = :requestId)
