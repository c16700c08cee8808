UPDATE DatabaseBackupVO
SET name = :name, description = :description, size = :size, state = :state, status = :status, metadata = :metadata
WHERE uuid = :uuid
  -- Unchanged rows are left alone (and unlocked): another node's sync may be committing this backup.
  AND NOT (name = :name AND COALESCE(description, '') = COALESCE(:description, '') AND size = :size
           AND state = :state AND status = :status AND COALESCE(metadata, '') = COALESCE(:metadata, ''))
