-- Replication RPO (docs/verify.md#rpo): a policy may name a threshold, in minutes, for the age of the newest source
-- backup not yet on its destinations, and a web hook told when the threshold is crossed. rpoAlertSince is the
-- cluster-wide "alarm raised" marker, set and cleared with conditional UPDATEs so one node notifies per crossing.
ALTER TABLE ReplicationPolicyVO ADD COLUMN rpoThresholdMinutes INT NULL;
ALTER TABLE ReplicationPolicyVO ADD COLUMN webHook VARCHAR(2048) NULL;
ALTER TABLE ReplicationPolicyVO ADD COLUMN rpoAlertSince TIMESTAMP NULL DEFAULT NULL;
