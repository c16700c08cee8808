-- A sync that took over a bad copy's ref failed: the ref is Ready again and still marked bad (the bad file was
-- not replaced), so the query keeps showing it and the next repair finds it.
UPDATE DatabaseBackupStorageRefVO
SET status = 'Ready', lastOpDate = CURRENT_TIMESTAMP
WHERE id = :#dstRefId AND status = 'Creating'
