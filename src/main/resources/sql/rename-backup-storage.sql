-- UpdateBackupStorage: a field left out (NULL) keeps its value.
UPDATE BackupStorageEO
SET name = COALESCE(:name, name), description = COALESCE(:description, description), lastOpDate = CURRENT_TIMESTAMP
WHERE uuid = :uuid AND deleted IS NULL
