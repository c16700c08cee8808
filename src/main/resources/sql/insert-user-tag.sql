INSERT INTO UserTagVO (uuid, resourceUuid, resourceType, type, tag, lastOpDate, createDate)
VALUES (:#uuid, :#resourceUuid, 'DatabaseBackupVO', 'User', :#tag, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
