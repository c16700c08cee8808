INSERT INTO DatabaseBackupVO (uuid, name, description, size, state, status, metadata, lastOpDate, createDate)
VALUES (:uuid, :name, :description, :size, :state, :status, :metadata, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
