DELETE FROM BandwidthLimitVO WHERE scope = :scope AND scopeKey = :scopeKey
