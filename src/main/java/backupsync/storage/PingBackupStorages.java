package backupsync.storage;

import java.io.IOException;
import java.util.Map;

import backupsync.data.BackupStorageRow;
import backupsync.data.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Bean "pingBackupStorages", run by the route of that id (routes/storage-status.yaml): checks the root of every
 * Enabled remote store ({@link BackupStore#checkRoot}: connect, stat, write a probe) and sets its status, so a store
 * that stops answering becomes Disconnected and one that answers again Connected, without an admin. A store whose
 * host key changed fails every check, so it stays Disconnected until an admin accepts the new key.
 */
public class PingBackupStorages {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PingBackupStorages.class);
    private final NamedParameterJdbcTemplate jdbc;
    private final BackupStores stores;
    private final StoreStatus status;

    public PingBackupStorages(NamedParameterJdbcTemplate jdbc, BackupStores stores, StoreStatus status) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.status = status;
    }

    public void pingAll() {
        for (Map<String, Object> row : jdbc.queryForList(SqlFiles.load("select-remote-image-stores"), Map.of())) {
            ping(BackupStorageRow.from(row));
        }
    }

    void ping(BackupStorageRow storage) {
        BackupStore store = stores.of(storage);
        try {
            store.checkRoot();
            status.set(storage.uuid(), store.location(), StoreStatus.CONNECTED, null);
        } catch (IOException | RuntimeException e) {
            // A changed host key lands here too (HostKeyMismatchException): no check passes until an admin accepts it.
            if (!status.set(storage.uuid(), store.location(), StoreStatus.DISCONNECTED, e.getMessage())) {
                LOG.debug("backup storage {} at {} still does not answer: {}", storage.uuid(), store.location(), e.getMessage());
            }
        }
    }
}
