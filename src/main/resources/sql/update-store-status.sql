-- A store's reachability as the ping or a failed operation found it; only a change is written.
UPDATE BackupStorageEO SET status = :status, lastOpDate = CURRENT_TIMESTAMP WHERE uuid = :uuid AND status <> :status
