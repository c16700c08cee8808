INSERT INTO BackupStorageEO (uuid, name, url, description, totalCapacity, availableCapacity, state, status, type,
                             lastOpDate, createDate)
VALUES (:uuid, :name, :url, :description, :totalCapacity, :totalCapacity, :state, :status, :type,
        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
