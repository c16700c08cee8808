SELECT uuid FROM ReplicationPolicyVO WHERE name = :name
