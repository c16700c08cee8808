UPDATE DatabaseBackupVO SET lastOpDate = CURRENT_TIMESTAMP WHERE uuid = :#backupUuid
