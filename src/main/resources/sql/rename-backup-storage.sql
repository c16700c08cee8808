-- UpdateBackupStorage: name and description (the caller keeps the value of a field the request left out).
UPDATE BackupStorageEO
SET name = :name, description = :description, lastOpDate = CURRENT_TIMESTAMP
WHERE uuid = :uuid AND deleted IS NULL
