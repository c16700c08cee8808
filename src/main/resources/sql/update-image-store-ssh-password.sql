-- A remote store's password as the inventory gives it (NULL: key auth). Never read back into a log or an answer.
UPDATE ImageStoreBackupStorageVO SET password = :password WHERE uuid = :uuid
