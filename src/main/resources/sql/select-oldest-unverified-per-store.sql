-- Per store, since when its least recently verified Ready copy has gone without a good verification (a copy
-- never verified, or last found bad, counts from its ref's createDate).
SELECT r.backupStorageUuid AS backupStorageUuid,
       MIN(CASE WHEN v.outcome IN ('Good', 'Repaired') THEN v.lastVerifiedDate ELSE r.createDate END) AS oldest,
       COUNT(*) AS copies
FROM DatabaseBackupStorageRefVO r
LEFT JOIN BackupStorageRefVerificationVO v ON v.refId = r.id
WHERE r.status = 'Ready'
GROUP BY r.backupStorageUuid
