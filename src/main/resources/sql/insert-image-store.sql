INSERT INTO ImageStoreBackupStorageVO (uuid, hostname, username, password, sshPort)
VALUES (:uuid, :hostname, :username, NULL, :sshPort)
