UPDATE VerifyRunVO
SET status = :status, endDate = CURRENT_TIMESTAMP, copies = :copies, verified = :verified, skipped = :skipped,
    good = :good, corrupt = :corrupt, missing = :missing, unreachable = :unreachable, repaired = :repaired,
    unrepaired = :unrepaired, orphans = :orphans, bytes = :bytes, error = :error
WHERE uuid = :runUuid AND status = 'Running'
