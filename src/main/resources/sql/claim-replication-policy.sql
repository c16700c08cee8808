-- The cluster-wide guard: only one run of a policy at a time. Exactly one node's UPDATE finds the marker empty.
UPDATE ReplicationPolicyVO
SET runningRunUuid = :runUuid, runningSince = CURRENT_TIMESTAMP
WHERE uuid = :policyUuid AND runningRunUuid IS NULL
