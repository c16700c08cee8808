-- The candidates of one replication run: every (backup, destination) pair of the policy where the backup is
-- Enabled and Ready, Ready on the source, and not Ready on the destination. Filters: name LIKE the policy's
-- glob (translated, '!' escapes), createDate after the policy's date, and only the newest N of each name among
-- the backups Ready on the source. Absent filters arrive as neutral values ('%', 1970, a huge N), so the
-- statement stays portable (no typed-NULL parameters). Read as a stream: never all rows at once.
SELECT b.uuid AS backupUuid, d.backupStorageUuid AS dstBackupStorageUuid, b.size AS size
FROM DatabaseBackupVO b
JOIN DatabaseBackupStorageRefVO s
  ON s.databaseBackupUuid = b.uuid AND s.backupStorageUuid = :#sourceBackupStorageUuid AND s.status = 'Ready'
JOIN ReplicationPolicyDestinationVO d ON d.policyUuid = :#policyUuid
WHERE b.state = 'Enabled' AND b.status = 'Ready'
  AND b.name LIKE :#nameLikePattern ESCAPE '!'
  AND b.createDate > :#createdAfter
  AND NOT EXISTS (
      SELECT 1 FROM DatabaseBackupStorageRefVO r
      WHERE r.databaseBackupUuid = b.uuid AND r.backupStorageUuid = d.backupStorageUuid AND r.status = 'Ready')
  AND (SELECT COUNT(*)
       FROM DatabaseBackupVO n
       JOIN DatabaseBackupStorageRefVO ns
         ON ns.databaseBackupUuid = n.uuid AND ns.backupStorageUuid = :#sourceBackupStorageUuid AND ns.status = 'Ready'
       WHERE n.name = b.name AND n.state = 'Enabled' AND n.status = 'Ready'
         AND (n.createDate > b.createDate OR (n.createDate = b.createDate AND n.uuid > b.uuid))) < :#newestPerName
ORDER BY b.createDate, b.uuid, d.backupStorageUuid
