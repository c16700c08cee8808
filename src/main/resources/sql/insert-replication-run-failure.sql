INSERT INTO ReplicationRunFailureVO (runUuid, databaseBackupUuid, backupStorageUuid, code, description, details, createDate)
VALUES (:runUuid, :databaseBackupUuid, :backupStorageUuid, :code, :description, :details, CURRENT_TIMESTAMP)
