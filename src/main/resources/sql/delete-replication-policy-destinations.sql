DELETE FROM ReplicationPolicyDestinationVO WHERE policyUuid = :uuid
