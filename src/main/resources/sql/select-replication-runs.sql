-- Newest first; an empty policyUuid lists the runs of every policy.
SELECT uuid, policyUuid, triggeredBy, scheduledFireTime, nodeId, status, startDate, endDate, candidates, copied,
       skipped, failed, bytes, error
FROM ReplicationRunVO
WHERE (:policyUuid = '' OR policyUuid = :policyUuid)
ORDER BY startDate DESC, uuid
LIMIT :limit OFFSET :start
