DELETE FROM DatabaseBackupStorageRefVO
WHERE id = :id AND status = 'Creating' AND lastOpDate = :lastOpDate
