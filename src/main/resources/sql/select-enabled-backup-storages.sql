SELECT uuid, url FROM BackupStorageVO WHERE state = 'Enabled' ORDER BY uuid
