SELECT uuid, name, sourceBackupStorageUuid, schedule, namePattern, createdAfter, newestPerName, maxParallelCopies,
       state, runningRunUuid, runningSince, lastOpDate, createDate
FROM ReplicationPolicyVO
ORDER BY name
