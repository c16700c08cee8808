INSERT INTO ReplicationPolicyDestinationVO (policyUuid, backupStorageUuid) VALUES (:uuid, :backupStorageUuid)
