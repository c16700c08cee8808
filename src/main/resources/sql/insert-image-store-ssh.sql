INSERT INTO ImageStoreSshVO (uuid, hostKeyFingerprint, privateKeyFile) VALUES (:uuid, :hostKeyFingerprint, :privateKeyFile)
