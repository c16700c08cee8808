UPDATE ImageStoreBackupStorageVO SET hostname = :hostname, username = :username, sshPort = :sshPort WHERE uuid = :uuid
