-- QueryBackupStorage / QueryImageStoreBackupStorage; the conditions (bound parameters only) replace the marker.
SELECT s.uuid, s.name, s.url, s.description, s.totalCapacity, s.availableCapacity, s.type, s.state, s.status,
       s.createDate, s.lastOpDate, i.hostname, i.username, i.sshPort
FROM BackupStorageVO s
LEFT JOIN ImageStoreBackupStorageVO i ON i.uuid = s.uuid
WHERE 1 = 1 /*where*/
/*orderBy*/
LIMIT :limit OFFSET :start
