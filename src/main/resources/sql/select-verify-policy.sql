SELECT uuid, name, backupStorageUuid, schedule, reverifyAfterDays, readRateLimit, repair, webHook, state,
       runningRunUuid, runningSince, lastOpDate, createDate
FROM VerifyPolicyVO
WHERE uuid = :uuid
