SELECT accountUuid
FROM AccountResourceRefVO
WHERE resourceUuid = :#backupUuid AND resourceType = :#resourceType
