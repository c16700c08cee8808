UPDATE VerifyPolicyVO
SET name = :name, backupStorageUuid = :backupStorageUuid, schedule = :schedule,
    reverifyAfterDays = :reverifyAfterDays, readRateLimit = :readRateLimit, repair = :repair, webHook = :webHook,
    state = :state, lastOpDate = CURRENT_TIMESTAMP
WHERE uuid = :uuid
