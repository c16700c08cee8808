INSERT INTO AsyncRestVO (uuid, requestData, state, lastOpDate, createDate, sessionUuid, apiTimeout, deadline,
                         wantsSchema, webHook, nodeId)
VALUES (:uuid, :requestData, 'Processing', :now, :now, :sessionUuid, :apiTimeout, :deadline,
        :wantsSchema, :webHook, :nodeId)
