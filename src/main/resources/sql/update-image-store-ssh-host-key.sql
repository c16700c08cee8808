-- ReconnectBackupStorage with an explicit accept: the new host key is pinned from now on.
UPDATE ImageStoreSshVO SET hostKeyFingerprint = :hostKeyFingerprint, lastOpDate = CURRENT_TIMESTAMP WHERE uuid = :uuid
