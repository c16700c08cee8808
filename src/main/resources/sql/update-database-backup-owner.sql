UPDATE AccountResourceRefVO SET accountUuid = :accountUuid, ownerAccountUuid = :accountUuid
WHERE resourceUuid = :resourceUuid AND resourceType = 'DatabaseBackupVO'
