SELECT tag
FROM UserTagVO
WHERE resourceUuid = :#backupUuid AND resourceType = :#resourceType
