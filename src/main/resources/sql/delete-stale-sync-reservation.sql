-- A reservation record whose ref is gone: left by a holder that died between deleting the two. Only such a row
-- can block a new reservation, since a ref and its record are inserted in one transaction.
DELETE FROM SyncReservationVO
WHERE databaseBackupUuid = :#backupUuid AND backupStorageUuid = :#dstBackupStorageUuid
  AND NOT EXISTS (
      SELECT 1 FROM DatabaseBackupStorageRefVO r
      WHERE r.databaseBackupUuid = :#backupUuid AND r.backupStorageUuid = :#dstBackupStorageUuid)
