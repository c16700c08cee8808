-- H2 picks an index by column selectivity, which it only learns by ANALYZE (automatic after 2,000 changed rows).
-- Until then both key columns of DatabaseBackupStorageRefVO count as equally selective, and a statement by
-- (databaseBackupUuid, backupStorageUuid) could run on the foreign-key index of backupStorageUuid: every ref of
-- the destination store, read for one ref. Measured in a 1,000-backup replication run: marking a ref Ready read
-- half the store's refs each time, ~10 % of the run's CPU. A session keeps its statements' plans (QUERY_CACHE_SIZE), so
-- a plan made on a young database stayed. What ANALYZE would find on any real database is stated up front:
-- few stores, many backups.
ALTER TABLE DatabaseBackupStorageRefVO ALTER COLUMN backupStorageUuid SELECTIVITY 1;
ALTER TABLE DatabaseBackupStorageRefVO ALTER COLUMN databaseBackupUuid SELECTIVITY 90;
