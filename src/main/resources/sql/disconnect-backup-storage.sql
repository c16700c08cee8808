-- A reconnect that failed leaves the store Disconnected, as ZStack does: syncs to it are refused until it answers.
UPDATE BackupStorageEO SET status = 'Disconnected', lastOpDate = CURRENT_TIMESTAMP WHERE uuid = :uuid AND deleted IS NULL
