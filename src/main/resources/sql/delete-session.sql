DELETE FROM SessionVO WHERE uuid = :sessionUuid
