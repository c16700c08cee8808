-- The Enabled stores reached over SSH, for the periodic ping (pingBackupStorages).
SELECT b.uuid, b.name, b.url, b.type, b.state, b.status, b.totalCapacity, b.availableCapacity
FROM BackupStorageVO b
JOIN ImageStoreSshVO s ON s.uuid = b.uuid
WHERE b.state = 'Enabled'
ORDER BY b.uuid
