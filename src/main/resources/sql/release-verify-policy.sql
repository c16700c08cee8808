UPDATE VerifyPolicyVO
SET runningRunUuid = NULL, runningSince = NULL
WHERE uuid = :policyUuid AND runningRunUuid = :runUuid
