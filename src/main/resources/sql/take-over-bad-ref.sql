-- A Ready ref a verify run marked Corrupt or Missing becomes the Creating ref of the sync that copies it again.
-- Conditional: of several syncs (on any node) exactly one finds it still Ready.
UPDATE DatabaseBackupStorageRefVO
SET status = 'Creating', lastOpDate = CURRENT_TIMESTAMP
WHERE id = :#dstRefId AND status = 'Ready'
  AND EXISTS (SELECT 1 FROM BackupStorageRefVerificationVO v
              WHERE v.refId = :#dstRefId AND v.outcome IN ('Corrupt', 'Missing'))
