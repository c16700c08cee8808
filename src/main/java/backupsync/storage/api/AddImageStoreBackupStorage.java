package backupsync.storage.api;

import java.nio.file.Path;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.storage.BackupStores;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AddImageStoreBackupStorage, one step per method: read the params, learn the host key, log in and check the root,
 * record. Nothing is recorded before the last step, and that one records all three rows or none.
 */
public class AddImageStoreBackupStorage {
    private static final Logger LOG = LoggerFactory.getLogger(AddImageStoreBackupStorage.class);
    private final BackupStorageRecords records;
    private final RemoteStoreProbe probe;
    private final BackupStores stores;
    private final Path nodeKeyFile;

    /** @param nodeKeyFile {@code backupsync.ssh.private-key-file}, or null: key auth for requests without a password */
    public AddImageStoreBackupStorage(BackupStorageRecords records, RemoteStoreProbe probe, BackupStores stores, Path nodeKeyFile) {
        this.records = records;
        this.probe = probe;
        this.stores = stores;
        this.nodeKeyFile = nodeKeyFile;
    }

    /** Step "readAddImageStoreParams": SYS.1007 for a missing or bad field, SYS.1006 for a host that has a store. */
    public void readParams(Exchange exchange) {
        StorageOperation operation = operation(exchange);
        AddImageStoreParams add = AddImageStoreParams.from(operation, nodeKeyFile);
        if (records.hostnameTaken(add.hostname())) {
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "the host %s already has an image store backup storage (one per host, as ZStack has it)".formatted(add.hostname()));
        }
        if (records.inventory(add.uuid()).isPresent()) {
            throw ApiException.invalidField("resourceUuid", "a backup storage[uuid:%s] already exists".formatted(add.uuid()));
        }
        operation.setAdd(add);
    }

    /**
     * Step "learnHostKey": the key the host presents, before any credential is sent. Without a pinned fingerprint it
     * is accepted as presented (trust on first use, recorded); with one, any other key is refused.
     */
    public void learnHostKey(Exchange exchange) {
        StorageOperation operation = operation(exchange);
        AddImageStoreParams add = operation.getAdd();
        String presented = probe.presentedFingerprint(add.hostname(), add.sshPort());
        if (add.pinnedFingerprint() != null && !add.pinnedFingerprint().equals(presented)) {
            throw new ApiException(ZStackError.OPERATION_ERROR, "the host %s:%d presented the host key %s, not the pinned %s; nothing was recorded"
                    .formatted(add.hostname(), add.sshPort(), presented, add.pinnedFingerprint()));
        }
        operation.setAcceptedFingerprint(presented);
    }

    /** Step "checkStoreRoot": logs in pinned to that key; the url must be a directory that takes a new file. */
    public void checkRoot(Exchange exchange) {
        StorageOperation operation = operation(exchange);
        AddImageStoreParams add = operation.getAdd();
        operation.setFreeBytes(probe.checkRoot(add.endpoint(), operation.getAcceptedFingerprint(), add.privateKeyFile(), add.password()));
    }

    /** Step "recordImageStore": BackupStorageEO, ImageStoreBackupStorageVO and ImageStoreSshVO, in one transaction. */
    public void record(Exchange exchange) {
        StorageOperation operation = operation(exchange);
        AddImageStoreParams add = operation.getAdd();
        records.insertRemote(add, operation.getAcceptedFingerprint(), operation.getFreeBytes());
        stores.forget(add.uuid());
        LOG.info("added the backup storage {} at {} (host key {}, {} auth, {} bytes free)", add.uuid(), add.endpoint().location(),
                operation.getAcceptedFingerprint(), add.privateKeyFile() != null ? "key" : "password", operation.getFreeBytes());
        operation.setAnswer(records.inventory(add.uuid()).orElseThrow());
    }

    static StorageOperation operation(Exchange exchange) {
        return exchange.getProperty(StorageOperation.PROPERTY, StorageOperation.class);
    }
}
