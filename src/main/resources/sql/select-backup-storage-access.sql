-- How to reach one store: a row in ImageStoreSshVO makes it remote; without one it is a directory on this node.
SELECT s.uuid, s.name, s.url, s.type, s.state, s.status, s.totalCapacity, s.availableCapacity,
       i.hostname, i.username, i.password, i.sshPort, h.hostKeyFingerprint, h.privateKeyFile
FROM BackupStorageVO s
LEFT JOIN ImageStoreBackupStorageVO i ON i.uuid = s.uuid
LEFT JOIN ImageStoreSshVO h ON h.uuid = s.uuid
WHERE s.uuid = :uuid
