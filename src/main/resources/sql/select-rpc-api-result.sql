-- The result poll of ZStack's RPC door (GET /zstack/api/result/{uuid}): the job and the message it was started for.
SELECT uuid, requestData, state, result, resultStatus, createDate, lastOpDate
FROM AsyncRestVO
WHERE uuid = :uuid
