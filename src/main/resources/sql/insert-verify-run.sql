INSERT INTO VerifyRunVO (uuid, policyUuid, triggeredBy, scheduledFireTime, nodeId, status, startDate)
VALUES (:runUuid, :policyUuid, :triggeredBy, :scheduledFireTime, :nodeId, 'Running', CURRENT_TIMESTAMP)
