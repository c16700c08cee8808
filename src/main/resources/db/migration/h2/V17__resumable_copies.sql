-- Resume (docs/reliability.md): a copy records how many bytes of its temporary file are on stable storage (fsynced)
-- at each checkpoint; when it dies, recovery or a takeover keeps the file as a partial copy that the next sync of
-- the same backup to the same store continues from that many bytes instead of starting over. Not ZStack tables.
ALTER TABLE SyncReservationVO ADD durableBytes BIGINT NOT NULL DEFAULT 0;

CREATE TABLE PartialCopyVO (
    databaseBackupUuid VARCHAR(32)   NOT NULL,
    backupStorageUuid  VARCHAR(32)   NOT NULL,
    temporaryPath      VARCHAR(2048) NOT NULL,
    durableBytes       BIGINT        NOT NULL,
    createDate         TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (databaseBackupUuid, backupStorageUuid)
);
