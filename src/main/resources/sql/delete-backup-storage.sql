-- The store's rows: ImageStoreBackupStorageVO, ImageStoreSshVO and its refs follow by their foreign keys' cascade.
DELETE FROM BackupStorageEO WHERE uuid = :uuid
