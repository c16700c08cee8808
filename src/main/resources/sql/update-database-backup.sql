UPDATE DatabaseBackupVO
SET name = :name, description = :description, size = :size, state = :state, status = :status, metadata = :metadata
WHERE uuid = :uuid
