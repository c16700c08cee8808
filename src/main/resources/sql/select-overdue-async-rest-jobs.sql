-- Any node: a Processing job past its deadline belongs to a node that is gone (a live node fails it on time).
SELECT uuid, apiTimeout, webHook, wantsSchema
FROM AsyncRestVO
WHERE state = 'Processing' AND deadline < :now
