SELECT uuid, name, sourceBackupStorageUuid, schedule, namePattern, createdAfter, newestPerName, maxParallelCopies,
       state, runningRunUuid, runningSince, rpoThresholdMinutes, webHook, rpoAlertSince, lastOpDate, createDate
FROM ReplicationPolicyVO
WHERE uuid = :uuid
