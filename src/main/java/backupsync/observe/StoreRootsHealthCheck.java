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
 * space is reported per store (details "store.&lt;uuid&gt;.freeBytes").
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

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        try {
            for (Map<String, Object> row : jdbc.queryForList(SqlFiles.load("select-enabled-backup-storages"))) {
                BackupStorageRow storage = BackupStorageRow.from(row);
                BackupStore store = stores.of(storage);
                try {
                    builder.detail("store." + storage.uuid() + ".freeBytes", store.checkRoot());
                } catch (NoSuchFileException e) {
                    problems.add("store %s: root %s is missing".formatted(storage.uuid(), store.location()));
                } catch (IOException e) {
                    problems.add("store %s: root %s is not writable: %s".formatted(storage.uuid(), store.location(), e.getMessage()));
                }
            }
        } catch (RuntimeException e) {
            builder.message("cannot list the backup storages: " + e.getMessage()).down();
            return;
        }
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.message(String.join("; ", problems)).down();
        }
    }
}
