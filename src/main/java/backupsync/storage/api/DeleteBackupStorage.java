package backupsync.storage.api;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.storage.BackupStores;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeleteBackupStorage. ZStack deletes a store's refs with it; here the store goes only when that loses nothing:
 * not while a sync uses it, not while it holds the last Ready copy of a backup, not while a replication policy names
 * it (SYS.1006 saying which). Its refs then go with it; its files stay on the host.
 */
public class DeleteBackupStorage {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteBackupStorage.class);
    private final BackupStorageRecords records;
    private final BackupStores stores;

    public DeleteBackupStorage(BackupStorageRecords records, BackupStores stores) {
        this.records = records;
        this.stores = stores;
    }

    /** Step "deleteBackupStorage": answers {} as ZStack's DeleteBackupStorageResult. */
    public void delete(Exchange exchange) {
        StorageOperation operation = AddImageStoreBackupStorage.operation(exchange);
        records.access(operation.getUuid());
        records.deleteUnlessUsed(operation.getUuid()).ifPresent(reason -> {
            throw new ApiException(ZStackError.OPERATION_ERROR, reason);
        });
        stores.forget(operation.getUuid());
        LOG.info("deleted the backup storage {} (its files stay on the store)", operation.getUuid());
        operation.setAnswer(java.util.Map.of());
    }
}
