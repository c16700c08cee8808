-- Who holds each Creating ref, and where its files are: at start-up a node undoes the copies it left half-done
-- (temporary file, renamed-but-unrecorded file, Creating ref) at once instead of waiting for a lease to run out.
-- Not a ZStack table; ZStack never reads it.
CREATE TABLE SyncReservationVO (
    databaseBackupUuid VARCHAR(32)   NOT NULL,
    backupStorageUuid  VARCHAR(32)   NOT NULL,
    nodeId             VARCHAR(255)  NOT NULL,
    requestId          VARCHAR(32)   NOT NULL,
    temporaryPath      VARCHAR(2048) NOT NULL,
    targetPath         VARCHAR(2048) NOT NULL,
    createDate         TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (databaseBackupUuid, backupStorageUuid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
CREATE INDEX idxSyncReservationVONodeId ON SyncReservationVO (nodeId);
