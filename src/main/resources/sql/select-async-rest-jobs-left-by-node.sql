-- At start-up: what this node left Processing died with its previous process.
SELECT uuid, apiTimeout, webHook, wantsSchema
FROM AsyncRestVO
WHERE nodeId = :nodeId AND state = 'Processing'
