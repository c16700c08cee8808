-- Verify jobs (docs/verify.md): policies loaded from the inventory, the report of every run with each bad copy,
-- orphan and dry-run line, and per ref when it was last verified and what was found. Not ZStack tables; keep the
-- three V20 files (h2, postgresql, mariadb) in step.

-- A policy: re-read every Ready copy on one store (NULL: on every store) on a Quartz cron schedule.
-- runningRunUuid is the cluster-wide "a run is in progress" marker, claimed with a conditional UPDATE.
CREATE TABLE VerifyPolicyVO (
    uuid              VARCHAR(32)   NOT NULL PRIMARY KEY,
    name              VARCHAR(255)  NOT NULL,
    backupStorageUuid VARCHAR(32),
    schedule          VARCHAR(255)  NOT NULL,
    reverifyAfterDays INT           NOT NULL DEFAULT 0,
    readRateLimit     VARCHAR(1024) NOT NULL,
    repair            INT           NOT NULL DEFAULT 0,
    webHook           VARCHAR(2048),
    state             VARCHAR(64)   NOT NULL,
    runningRunUuid    VARCHAR(32),
    runningSince      TIMESTAMP     NULL DEFAULT NULL,
    lastOpDate        TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate        TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT ukVerifyPolicyVOName UNIQUE (name),
    CONSTRAINT fkVerifyPolicyVOStorage FOREIGN KEY (backupStorageUuid) REFERENCES BackupStorageEO (uuid) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- One row per run; the unique key holds one report per fire time even if a fire were delivered twice.
CREATE TABLE VerifyRunVO (
    uuid              VARCHAR(32)   NOT NULL PRIMARY KEY,
    policyUuid        VARCHAR(32)   NOT NULL,
    triggeredBy       VARCHAR(32)   NOT NULL,
    scheduledFireTime TIMESTAMP     NULL DEFAULT NULL,
    nodeId            VARCHAR(64)   NOT NULL,
    status            VARCHAR(32)   NOT NULL,
    startDate         TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    endDate           TIMESTAMP     NULL DEFAULT NULL,
    copies            BIGINT        NOT NULL DEFAULT 0,
    verified          BIGINT        NOT NULL DEFAULT 0,
    skipped           BIGINT        NOT NULL DEFAULT 0,
    good              BIGINT        NOT NULL DEFAULT 0,
    corrupt           BIGINT        NOT NULL DEFAULT 0,
    missing           BIGINT        NOT NULL DEFAULT 0,
    unreachable       BIGINT        NOT NULL DEFAULT 0,
    repaired          BIGINT        NOT NULL DEFAULT 0,
    unrepaired        BIGINT        NOT NULL DEFAULT 0,
    orphans           BIGINT        NOT NULL DEFAULT 0,
    bytes             BIGINT        NOT NULL DEFAULT 0,
    error             VARCHAR(4096),
    CONSTRAINT ukVerifyRunVOFireTime UNIQUE (policyUuid, scheduledFireTime),
    CONSTRAINT fkVerifyRunVOPolicy FOREIGN KEY (policyUuid) REFERENCES VerifyPolicyVO (uuid) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
CREATE INDEX idxVerifyRunVOStatus ON VerifyRunVO (status);

-- What a run found that is not "good": a corrupt, missing or unreachable copy, a repair and how it went, an
-- orphan file (path, no backup). One line per finding.
CREATE TABLE VerifyRunItemVO (
    id                 BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    runUuid            VARCHAR(32)   NOT NULL,
    databaseBackupUuid VARCHAR(32),
    backupStorageUuid  VARCHAR(32)   NOT NULL,
    path               VARCHAR(512),
    outcome            VARCHAR(32)   NOT NULL,
    bytes              BIGINT,
    expectedMd5        VARCHAR(32),
    actualMd5          VARCHAR(32),
    repairedFrom       VARCHAR(32),
    code               VARCHAR(64),
    details            VARCHAR(4096),
    createDate         TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT fkVerifyRunItemVORun FOREIGN KEY (runUuid) REFERENCES VerifyRunVO (uuid) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
CREATE INDEX idxVerifyRunItemVORun ON VerifyRunItemVO (runUuid);

-- Per ref (DatabaseBackupStorageRefVO.id): when it was last verified and what was found. Corrupt or Missing
-- marks the copy bad: a sync to that store copies it again instead of answering "already there". No foreign
-- key: ZStack's own ref table (baseline) may type its id differently; a ref id is never reused, so the row of a
-- deleted ref joins nothing, and each run deletes such rows.
CREATE TABLE BackupStorageRefVerificationVO (
    refId            BIGINT        NOT NULL PRIMARY KEY,
    lastVerifiedDate TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    outcome          VARCHAR(32)   NOT NULL,
    actualSize       BIGINT,
    actualMd5        VARCHAR(32),
    runUuid          VARCHAR(32)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
CREATE INDEX idxBackupStorageRefVerificationVOOutcome ON BackupStorageRefVerificationVO (outcome);
