SELECT COUNT(*)
FROM BackupStorageVO s
LEFT JOIN ImageStoreBackupStorageVO i ON i.uuid = s.uuid
WHERE 1 = 1 /*where*/
