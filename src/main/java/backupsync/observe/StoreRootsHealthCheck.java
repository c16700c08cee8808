package backupsync.observe;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.data.BackupStorageRow;
import backupsync.data.SqlFiles;
import backupsync.storage.BackupStore;
import backupsync.storage.BackupStores;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Readiness: every Enabled image store's root exists and takes a new file ({@link BackupStore#checkRoot}); its free
 * space is reported per store (details "store.&lt;uuid&gt;.freeBytes"), its status ("store.&lt;uuid&gt;.status") and,
 * when its root fails the check, what is wrong ("store.&lt;uuid&gt;.problem"). One bad store stops only the syncs
 * that involve it (a remote one is marked Disconnected by the ping, storage/PingBackupStorages), so it does not make
 * the node DOWN: only what stops all work does (the database, here and in DatabaseHealthCheck).
 */
public class StoreRootsHealthCheck extends AbstractHealthCheck {
    private final JdbcTemplate jdbc;
    private final BackupStores stores;

    public StoreRootsHealthCheck(JdbcTemplate jdbc, BackupStores stores) {
        super("backupsync", "store-roots");
        this.jdbc = jdbc;
        this.stores = stores;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** Right after the database check in /observe/health: {@link BackupSyncHealthOrder}. */
    @Override
    public int getOrder() {
        return BackupSyncHealthOrder.STORE_ROOTS;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        try {
            for (Map<String, Object> row : jdbc.queryForList(SqlFiles.load("select-enabled-backup-storages"))) {
                BackupStorageRow storage = BackupStorageRow.from(row);
                BackupStore store = stores.of(storage);
                builder.detail("store." + storage.uuid() + ".status", storage.status());
                String problem;
                try {
                    builder.detail("store." + storage.uuid() + ".freeBytes", store.checkRoot());
                    continue;
                } catch (NoSuchFileException e) {
                    problem = "root %s is missing".formatted(store.location());
                } catch (IOException | RuntimeException e) {
                    problem = "root %s is not writable: %s".formatted(store.location(), e.getMessage());
                }
                builder.detail("store." + storage.uuid() + ".problem", problem);
                problems.add("store %s: %s".formatted(storage.uuid(), problem));
            }
        } catch (RuntimeException e) {
            builder.message("cannot list the backup storages: " + e.getMessage()).down();
            return;
        }
        if (!problems.isEmpty()) {
            builder.message(String.join("; ", problems));
        }
        builder.up();
    }
}
