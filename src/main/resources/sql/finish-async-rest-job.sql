-- Only a Processing job is finished: whichever comes first, the result of the job or its timeout, stays.
-- A job with a web hook now owes a delivery, recorded with the answer in the same statement.
UPDATE AsyncRestVO
SET state = 'Done', result = :result, resultStatus = :resultStatus, lastOpDate = :now,
    webHookPendingOn = CASE WHEN webHook IS NULL THEN NULL ELSE :nodeId END
WHERE uuid = :uuid AND state = 'Processing'
