-- Replication candidates keep "the newest N of each name": a lookup by name for every candidate. Without this
-- index each lookup scanned every backup, so a run over n backups cost n^2 row reads (1,000 backups: 2-3 s).
CREATE INDEX idxDatabaseBackupVOName ON DatabaseBackupVO (name);
