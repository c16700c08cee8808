SELECT COUNT(*) FROM ImageStoreBackupStorageVO WHERE hostname = :hostname
