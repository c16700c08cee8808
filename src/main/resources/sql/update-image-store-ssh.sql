UPDATE ImageStoreSshVO SET hostKeyFingerprint = :hostKeyFingerprint, privateKeyFile = :privateKeyFile, lastOpDate = CURRENT_TIMESTAMP
WHERE uuid = :uuid
