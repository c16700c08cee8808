SELECT name, url, description, totalCapacity, state, status, type, deleted FROM BackupStorageEO WHERE uuid = :uuid
