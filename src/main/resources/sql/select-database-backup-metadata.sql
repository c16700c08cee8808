SELECT uuid, name, description, size, state, status, metadata, createDate, lastOpDate
FROM DatabaseBackupVO WHERE uuid = :uuid
