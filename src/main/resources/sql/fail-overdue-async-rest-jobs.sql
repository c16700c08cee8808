-- Any node: a Processing job past its deadline belongs to a node that is gone (a live node fails it on time).
UPDATE AsyncRestVO
SET state = 'Done', result = :result, resultStatus = :resultStatus, lastOpDate = :now
WHERE state = 'Processing' AND deadline < :now
