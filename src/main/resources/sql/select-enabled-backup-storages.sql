SELECT uuid, name, url, type, state, status, totalCapacity, availableCapacity FROM BackupStorageVO WHERE state = 'Enabled' ORDER BY uuid
