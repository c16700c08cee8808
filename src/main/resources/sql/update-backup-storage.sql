UPDATE BackupStorageEO
SET name = :name, url = :url, description = :description, totalCapacity = :totalCapacity, state = :state,
    status = :status, type = :type, deleted = NULL, lastOpDate = CURRENT_TIMESTAMP
WHERE uuid = :uuid
