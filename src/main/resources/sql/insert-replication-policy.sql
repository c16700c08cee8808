INSERT INTO ReplicationPolicyVO
    (uuid, name, sourceBackupStorageUuid, schedule, namePattern, createdAfter, newestPerName, maxParallelCopies,
     state, rpoThresholdMinutes, webHook, lastOpDate, createDate)
VALUES (:uuid, :name, :sourceBackupStorageUuid, :schedule, :namePattern, :createdAfter, :newestPerName,
        :maxParallelCopies, :state, :rpoThresholdMinutes, :webHook, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
