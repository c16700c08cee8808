-- The host key accepted when the store was added (trust on first use, or the fingerprint the admin pinned).
INSERT INTO ImageStoreSshVO (uuid, hostKeyFingerprint, privateKeyFile, lastOpDate, createDate)
VALUES (:uuid, :hostKeyFingerprint, :privateKeyFile, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
