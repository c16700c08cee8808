-- ZStack's AsyncRestVO: one row per asynchronous API call (X-Job-UUID), so a poll works on any node and after a
-- restart. The first six columns are ZStack's; the rest are additions this service needs (compatible: ZStack
-- ignores columns it does not know).
CREATE TABLE AsyncRestVO (
    uuid         VARCHAR(32)      NOT NULL PRIMARY KEY,
    requestData  VARCHAR(1048576),
    state        VARCHAR(64)      NOT NULL,
    result       VARCHAR(1048576),
    lastOpDate   TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate   TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- The session that started the job, as presented (it may be invalid: the job then fails with ID.1001).
    sessionUuid  VARCHAR(255),
    -- X-API-Timeout in ms and the moment it runs out; a Processing job past its deadline is failed by any node.
    apiTimeout   BIGINT           NOT NULL,
    deadline     TIMESTAMP        NOT NULL,
    -- HTTP status a poll answers once the job is Done: 200 or 503.
    resultStatus INT,
    -- Whether the request carried X-JSON-Schema: the poll then carries the schema map even if it does not ask.
    wantsSchema  BOOLEAN          NOT NULL DEFAULT FALSE,
    webHook      VARCHAR(2048),
    -- The node running the job: at start-up a node fails the jobs it left Processing.
    nodeId       VARCHAR(255)     NOT NULL
);
CREATE INDEX idxAsyncRestVOStateLastOpDate ON AsyncRestVO (state, lastOpDate);
