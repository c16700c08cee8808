-- Only a Processing job is finished: whichever comes first, the result of the job or its timeout, stays.
UPDATE AsyncRestVO
SET state = 'Done', result = :result, resultStatus = :resultStatus, lastOpDate = :now
WHERE uuid = :uuid AND state = 'Processing'
