-- Clears the running marker of policies whose run is no longer Running (it was marked Interrupted).
UPDATE ReplicationPolicyVO
SET runningRunUuid = NULL, runningSince = NULL
WHERE runningRunUuid IS NOT NULL
  AND runningRunUuid NOT IN (SELECT uuid FROM ReplicationRunVO WHERE status = 'Running')
