SELECT s.accountUuid AS accountUuid, s.expiredDate AS expiredDate, a.name AS accountName, a.type AS accountType
FROM SessionVO s JOIN AccountVO a ON a.uuid = s.accountUuid
WHERE s.uuid = :sessionUuid AND a.state = 'Enabled'
