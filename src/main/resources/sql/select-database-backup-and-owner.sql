SELECT b.uuid, b.name, b.description, b.size, b.state, b.status, b.metadata, b.createDate, b.lastOpDate,
       o.accountUuid AS ownerAccountUuid
FROM DatabaseBackupVO b
LEFT JOIN AccountResourceRefVO o ON o.resourceUuid = b.uuid AND o.resourceType = :#resourceType
WHERE b.uuid = :#backupUuid
