-- Policies that copy from or to this store: deleting it would silently drop them (the foreign keys cascade).
SELECT p.name FROM ReplicationPolicyVO p WHERE p.sourceBackupStorageUuid = :uuid
UNION
SELECT p.name FROM ReplicationPolicyVO p JOIN ReplicationPolicyDestinationVO d ON d.policyUuid = p.uuid
WHERE d.backupStorageUuid = :uuid
ORDER BY 1
