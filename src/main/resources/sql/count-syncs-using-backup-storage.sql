-- Syncs under way to or from a store: Creating refs on it, and reservations naming it (this node's or another's).
SELECT (SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE backupStorageUuid = :uuid AND status <> 'Ready')
     + (SELECT COUNT(*) FROM SyncReservationVO WHERE backupStorageUuid = :uuid)
