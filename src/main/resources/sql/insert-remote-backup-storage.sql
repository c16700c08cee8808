-- AddImageStoreBackupStorage: the store's row, with the capacity read from the host when it was added.
INSERT INTO BackupStorageEO (uuid, name, url, description, totalCapacity, availableCapacity, state, status, type,
                             lastOpDate, createDate)
VALUES (:uuid, :name, :url, :description, :totalCapacity, :availableCapacity, 'Enabled', 'Connected',
        'ImageStoreBackupStorage', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
