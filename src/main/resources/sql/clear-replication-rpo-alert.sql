UPDATE ReplicationPolicyVO SET rpoAlertSince = NULL WHERE uuid = :uuid AND rpoAlertSince IS NOT NULL
