SELECT uuid, policyUuid, triggeredBy, scheduledFireTime, nodeId, status, startDate, endDate, candidates, copied,
       skipped, failed, bytes, error
FROM ReplicationRunVO
WHERE uuid = :runUuid
