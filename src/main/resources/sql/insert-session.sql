INSERT INTO SessionVO (uuid, accountUuid, userUuid, expiredDate, createDate)
VALUES (:uuid, :accountUuid, :userUuid, :expiredDate, :createDate)
