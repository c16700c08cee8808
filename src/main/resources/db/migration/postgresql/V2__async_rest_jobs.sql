-- PostgreSQL version of db/migration/h2/V2 (ZStack's AsyncRestVO plus this service's columns); keep them in step.
CREATE TABLE AsyncRestVO (
    uuid         VARCHAR(32)   NOT NULL PRIMARY KEY,
    requestData  TEXT,
    state        VARCHAR(64)   NOT NULL,
    result       TEXT,
    lastOpDate   TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate   TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sessionUuid  VARCHAR(255),
    apiTimeout   BIGINT        NOT NULL,
    deadline     TIMESTAMP     NOT NULL,
    resultStatus INT,
    wantsSchema  BOOLEAN       NOT NULL DEFAULT FALSE,
    webHook      VARCHAR(2048),
    nodeId       VARCHAR(255)  NOT NULL
);
CREATE INDEX idxAsyncRestVOStateLastOpDate ON AsyncRestVO (state, lastOpDate);
