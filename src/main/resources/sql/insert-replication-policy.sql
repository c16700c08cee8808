INSERT INTO ReplicationPolicyVO
    (uuid, name, sourceBackupStorageUuid, schedule, namePattern, createdAfter, newestPerName, maxParallelCopies,
     state, lastOpDate, createDate)
VALUES (:uuid, :name, :sourceBackupStorageUuid, :schedule, :namePattern, :createdAfter, :newestPerName,
        :maxParallelCopies, :state, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
