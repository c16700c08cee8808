-- A Running verify run whose node no longer checks in with the clustered Quartz scheduler died with its node.
UPDATE VerifyRunVO
SET status = 'Interrupted', endDate = CURRENT_TIMESTAMP
WHERE status = 'Running'
  AND nodeId <> :nodeId
  AND nodeId NOT IN (
      SELECT INSTANCE_NAME FROM QRTZ_SCHEDULER_STATE
      WHERE SCHED_NAME = :schedulerName AND LAST_CHECKIN_TIME >= :aliveSinceMillis)
