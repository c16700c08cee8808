-- Newest first; an empty policyUuid lists the runs of every verify policy.
SELECT uuid, policyUuid, triggeredBy, scheduledFireTime, nodeId, status, startDate, endDate, copies, verified,
       skipped, good, corrupt, missing, unreachable, repaired, unrepaired, orphans, bytes, error
FROM VerifyRunVO
WHERE (:policyUuid = '' OR policyUuid = :policyUuid)
ORDER BY startDate DESC, uuid
LIMIT :limit OFFSET :start
