-- MariaDB version of db/migration/h2/V2 (ZStack's AsyncRestVO plus this service's columns); keep them in step.
-- Explicit TIMESTAMP defaults and no ON UPDATE, as in V1.
CREATE TABLE AsyncRestVO (
    uuid         VARCHAR(32)   NOT NULL PRIMARY KEY,
    requestData  MEDIUMTEXT,
    state        VARCHAR(64)   NOT NULL,
    result       MEDIUMTEXT,
    lastOpDate   TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate   TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sessionUuid  VARCHAR(255),
    apiTimeout   BIGINT        NOT NULL,
    deadline     TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    resultStatus INT,
    wantsSchema  BOOLEAN       NOT NULL DEFAULT FALSE,
    webHook      VARCHAR(2048),
    nodeId       VARCHAR(255)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
CREATE INDEX idxAsyncRestVOStateLastOpDate ON AsyncRestVO (state, lastOpDate);
