INSERT INTO VerifyPolicyVO
    (uuid, name, backupStorageUuid, schedule, reverifyAfterDays, readRateLimit, repair, webHook, state, lastOpDate,
     createDate)
VALUES (:uuid, :name, :backupStorageUuid, :schedule, :reverifyAfterDays, :readRateLimit, :repair, :webHook, :state,
        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
