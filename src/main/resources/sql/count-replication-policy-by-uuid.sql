SELECT COUNT(*) FROM ReplicationPolicyVO WHERE uuid = :uuid
