-- ZStack stores the password of an image store; it never leaves this table (no answer, log line or error shows it).
INSERT INTO ImageStoreBackupStorageVO (uuid, hostname, username, password, sshPort)
VALUES (:uuid, :hostname, :username, :password, :sshPort)
