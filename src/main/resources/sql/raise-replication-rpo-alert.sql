UPDATE ReplicationPolicyVO SET rpoAlertSince = CURRENT_TIMESTAMP WHERE uuid = :uuid AND rpoAlertSince IS NULL
