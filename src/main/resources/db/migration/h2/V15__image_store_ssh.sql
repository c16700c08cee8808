-- An image store reached over SSH: the host key pinned when the store was added (or in the inventory), and the
-- private key file that logs in when the store has no password. A store with a row here is remote, on
-- ImageStoreBackupStorageVO's hostname/sshPort/username; a store without one is a directory on this node.
-- Not a ZStack table: ZStack's own stores become remote here once an admin reconnects them accepting their key.
CREATE TABLE ImageStoreSshVO (
    uuid               VARCHAR(32)   NOT NULL PRIMARY KEY,
    hostKeyFingerprint VARCHAR(128)  NOT NULL,
    privateKeyFile     VARCHAR(2048),
    lastOpDate         TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    createDate         TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT fkImageStoreSshVOImageStoreBackupStorageVO FOREIGN KEY (uuid) REFERENCES ImageStoreBackupStorageVO (uuid) ON DELETE CASCADE
);
