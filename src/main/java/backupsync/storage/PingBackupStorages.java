package backupsync.storage;

import java.io.IOException;
import java.util.Map;

import backupsync.data.BackupStorageRow;
import backupsync.data.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Bean "pingBackupStorages", run by the route of that id (routes/storage-status.yaml): checks the root of every
 * Enabled store, local or remote ({@link BackupStore#checkRoot}: the root exists and takes a probe file; remotely
 * connect first), and sets its status, so a store whose root stops answering (a host down, an NFS mount gone)
 * becomes Disconnected and one that answers again Connected, without an admin; the node itself stays UP. A store
 * whose host key changed fails every check, so it stays Disconnected until an admin accepts the new key. A status
 * the inventory set on purpose ({@link PinnedStatuses}) is left alone.
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
        for (Map<String, Object> row : jdbc.queryForList(SqlFiles.load("select-enabled-backup-storages"), Map.of())) {
            BackupStorageRow storage = BackupStorageRow.from(row);
            if (!stores.pinnedStatuses().isPinned(storage.uuid())) {
                ping(storage);
            }
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
