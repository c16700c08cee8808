-- The cluster-wide guard: only one run of a verify policy at a time. Exactly one node's UPDATE finds the marker empty.
UPDATE VerifyPolicyVO
SET runningRunUuid = :runUuid, runningSince = CURRENT_TIMESTAMP
WHERE uuid = :policyUuid AND runningRunUuid IS NULL
