SELECT uuid, policyUuid, triggeredBy, scheduledFireTime, nodeId, status, startDate, endDate, copies, verified,
       skipped, good, corrupt, missing, unreachable, repaired, unrepaired, orphans, bytes, error
FROM VerifyRunVO
WHERE uuid = :runUuid
