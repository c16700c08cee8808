-- At start-up: the finished jobs whose web hook this node still owes (it stopped before a 2xx or giving up).
SELECT uuid, apiTimeout, webHook, wantsSchema, resultStatus, result
FROM AsyncRestVO
WHERE webHookPendingOn = :nodeId AND state = 'Done'
