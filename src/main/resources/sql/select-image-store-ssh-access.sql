-- How to reach a remote image store (BackupStores.create): a store without an ImageStoreSshVO row is local.
SELECT i.hostname, i.sshPort, i.username, i.password, s.hostKeyFingerprint, s.privateKeyFile
FROM ImageStoreBackupStorageVO i
JOIN ImageStoreSshVO s ON s.uuid = i.uuid
WHERE i.uuid = :uuid
