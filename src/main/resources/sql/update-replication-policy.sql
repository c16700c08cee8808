UPDATE ReplicationPolicyVO
SET name = :name, sourceBackupStorageUuid = :sourceBackupStorageUuid, schedule = :schedule,
    namePattern = :namePattern, createdAfter = :createdAfter, newestPerName = :newestPerName,
    maxParallelCopies = :maxParallelCopies, state = :state, rpoThresholdMinutes = :rpoThresholdMinutes,
    webHook = :webHook, lastOpDate = CURRENT_TIMESTAMP
WHERE uuid = :uuid
