-- At start-up: what this node left Processing died with its previous process.
UPDATE AsyncRestVO
SET state = 'Done', result = :result, resultStatus = :resultStatus, lastOpDate = :now
WHERE nodeId = :nodeId AND state = 'Processing'
