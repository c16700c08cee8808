INSERT INTO AccountResourceRefVO (accountUuid, ownerAccountUuid, resourceUuid, resourceType, concreteResourceType,
                                  permission, isShared, lastOpDate, createDate)
VALUES (:accountUuid, :accountUuid, :resourceUuid, 'DatabaseBackupVO',
        'org.zstack.header.storage.database.backup.DatabaseBackupVO', 2, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
