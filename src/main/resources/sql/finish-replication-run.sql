UPDATE ReplicationRunVO
SET status = :status, endDate = CURRENT_TIMESTAMP, candidates = :candidates, copied = :copied, skipped = :skipped,
    failed = :failed, bytes = :bytes, error = :error
WHERE uuid = :runUuid AND status = 'Running'
