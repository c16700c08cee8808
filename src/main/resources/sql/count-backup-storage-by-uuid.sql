SELECT COUNT(*) FROM BackupStorageVO WHERE uuid = :uuid
