-- The RPO of one replication policy: the newest createDate, and the number, of its candidates (the backup-and-
-- destination pairs a run would copy: see select-replication-candidates.sql, same filters and neutral values).
SELECT MAX(b.createDate) AS newestPending, COUNT(*) AS pendingCopies
FROM DatabaseBackupVO b
JOIN DatabaseBackupStorageRefVO s
  ON s.databaseBackupUuid = b.uuid AND s.backupStorageUuid = :sourceBackupStorageUuid AND s.status = 'Ready'
JOIN ReplicationPolicyDestinationVO d ON d.policyUuid = :policyUuid
WHERE b.state = 'Enabled' AND b.status = 'Ready'
  AND b.name LIKE :nameLikePattern ESCAPE '!'
  AND b.createDate > :createdAfter
  AND NOT EXISTS (
      SELECT 1 FROM DatabaseBackupStorageRefVO r
      WHERE r.databaseBackupUuid = b.uuid AND r.backupStorageUuid = d.backupStorageUuid AND r.status = 'Ready')
  AND (SELECT COUNT(*)
       FROM DatabaseBackupVO n
       JOIN DatabaseBackupStorageRefVO ns
         ON ns.databaseBackupUuid = n.uuid AND ns.backupStorageUuid = :sourceBackupStorageUuid AND ns.status = 'Ready'
       WHERE n.name = b.name AND n.state = 'Enabled' AND n.status = 'Ready'
         AND (n.createDate > b.createDate OR (n.createDate = b.createDate AND n.uuid > b.uuid))) < :newestPerName
