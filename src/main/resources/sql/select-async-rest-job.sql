SELECT uuid, state, result, resultStatus, lastOpDate, sessionUuid, apiTimeout, wantsSchema, webHook
FROM AsyncRestVO
WHERE uuid = :uuid
