-- PostgreSQL version of db/migration/h2/V1: the same tables, columns, constraints
-- and view (zstack-compat.md section 7). Keep the three V1 files in step.
-- Identifiers are unquoted on purpose: PostgreSQL folds them to lower case, in
-- DDL and queries alike, so the shared sql/*.sql files run unchanged.

CREATE TABLE AccountVO (
    uuid        VARCHAR(32)   NOT NULL PRIMARY KEY,
    name        VARCHAR(255)  NOT NULL,
    password    VARCHAR(255)  NOT NULL,
    type        VARCHAR(128)  NOT NULL,
    state       VARCHAR(128)  NOT NULL DEFAULT 'Enabled',
    description VARCHAR(2048),
    lastOpDate  TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate  TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT ukAccountVOName UNIQUE (name)
);

CREATE TABLE SessionVO (
    uuid        VARCHAR(32) NOT NULL PRIMARY KEY,
    accountUuid VARCHAR(32) NOT NULL,
    userUuid    VARCHAR(32),
    expiredDate TIMESTAMP   NOT NULL,
    createDate  TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT fkSessionVOAccountVO FOREIGN KEY (accountUuid) REFERENCES AccountVO (uuid) ON DELETE CASCADE
);

CREATE TABLE BackupStorageEO (
    uuid              VARCHAR(32)   NOT NULL PRIMARY KEY,
    name              VARCHAR(255)  NOT NULL,
    url               VARCHAR(2048) NOT NULL,
    description       VARCHAR(2048),
    totalCapacity     BIGINT,
    availableCapacity BIGINT,
    state             VARCHAR(64)   NOT NULL,
    status            VARCHAR(64)   NOT NULL,
    type              VARCHAR(255)  NOT NULL,
    lastOpDate        TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate        TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deleted           VARCHAR(255)
);

CREATE VIEW BackupStorageVO AS
    SELECT uuid, name, url, description, totalCapacity, availableCapacity, state, status, type, lastOpDate, createDate
    FROM BackupStorageEO WHERE deleted IS NULL;

CREATE TABLE ImageStoreBackupStorageVO (
    uuid     VARCHAR(32)  NOT NULL PRIMARY KEY,
    hostname VARCHAR(255) NOT NULL,
    username VARCHAR(255) NOT NULL,
    password VARCHAR(255),
    sshPort  INT          NOT NULL,
    CONSTRAINT ukImageStoreBackupStorageVOHostname UNIQUE (hostname),
    CONSTRAINT fkImageStoreBackupStorageVOBackupStorageEO FOREIGN KEY (uuid) REFERENCES BackupStorageEO (uuid) ON DELETE CASCADE
);

CREATE TABLE DatabaseBackupVO (
    uuid        VARCHAR(32)      NOT NULL PRIMARY KEY,
    name        VARCHAR(255)     NOT NULL,
    description VARCHAR(2048),
    size        BIGINT           NOT NULL,
    state       VARCHAR(64),
    status      VARCHAR(64),
    metadata    TEXT,
    lastOpDate  TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate  TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE DatabaseBackupStorageRefVO (
    id                 BIGSERIAL     NOT NULL PRIMARY KEY,
    backupStorageUuid  VARCHAR(32)   NOT NULL,
    databaseBackupUuid VARCHAR(32)   NOT NULL,
    status             VARCHAR(64),
    installPath        VARCHAR(2048) NOT NULL,
    exportUrl          VARCHAR(255),
    lastOpDate         TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate         TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT fkDatabaseBackupStorageRefVOBackupStorageEO FOREIGN KEY (backupStorageUuid) REFERENCES BackupStorageEO (uuid) ON DELETE CASCADE,
    CONSTRAINT fkDatabaseBackupStorageRefVODatabaseBackupVO FOREIGN KEY (databaseBackupUuid) REFERENCES DatabaseBackupVO (uuid) ON DELETE CASCADE,
    -- Not in ZStack; compatible with it, and it makes one copy per (backup, store) hold across nodes.
    CONSTRAINT ukDatabaseBackupStorageRefVO UNIQUE (databaseBackupUuid, backupStorageUuid)
);

CREATE TABLE AccountResourceRefVO (
    id                   BIGSERIAL    NOT NULL PRIMARY KEY,
    accountUuid          VARCHAR(32)  NOT NULL,
    ownerAccountUuid     VARCHAR(32)  NOT NULL,
    resourceUuid         VARCHAR(32)  NOT NULL,
    resourceType         VARCHAR(255) NOT NULL,
    concreteResourceType VARCHAR(512),
    permission           INT          NOT NULL DEFAULT 2,
    isShared             BOOLEAN      NOT NULL DEFAULT FALSE,
    lastOpDate           TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate           TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT fkAccountResourceRefVOAccountVO FOREIGN KEY (accountUuid) REFERENCES AccountVO (uuid) ON DELETE CASCADE,
    CONSTRAINT ukAccountResourceRefVO UNIQUE (resourceUuid, resourceType)
);

CREATE TABLE UserTagVO (
    uuid         VARCHAR(32)   NOT NULL PRIMARY KEY,
    resourceUuid VARCHAR(32)   NOT NULL,
    resourceType VARCHAR(64)   NOT NULL,
    type         VARCHAR(32)   NOT NULL,
    tag          VARCHAR(2048) NOT NULL,
    lastOpDate   TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate   TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idxUserTagVOResourceUuid ON UserTagVO (resourceUuid);

CREATE TABLE SystemTagVO (
    uuid         VARCHAR(32)   NOT NULL PRIMARY KEY,
    resourceUuid VARCHAR(32)   NOT NULL,
    resourceType VARCHAR(64)   NOT NULL,
    inherent     BOOLEAN       NOT NULL DEFAULT FALSE,
    type         VARCHAR(32)   NOT NULL,
    tag          VARCHAR(2048) NOT NULL,
    lastOpDate   TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate   TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idxSystemTagVOResourceUuid ON SystemTagVO (resourceUuid);
