SELECT COUNT(*) FROM DatabaseBackupVO WHERE uuid = :uuid
