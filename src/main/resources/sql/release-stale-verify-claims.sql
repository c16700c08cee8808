-- Clears the running marker of verify policies whose run is no longer Running (it was marked Interrupted).
UPDATE VerifyPolicyVO
SET runningRunUuid = NULL, runningSince = NULL
WHERE runningRunUuid IS NOT NULL
  AND runningRunUuid NOT IN (SELECT uuid FROM VerifyRunVO WHERE status = 'Running')
