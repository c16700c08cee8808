package backupsync.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.data.SqlFiles;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Readiness: every Enabled image store's root exists and takes a new file; its free space is reported per store
 * (details "store.&lt;uuid&gt;.freeBytes").
 */
public class StoreRootsHealthCheck extends AbstractHealthCheck {
    private final JdbcTemplate jdbc;

    public StoreRootsHealthCheck(JdbcTemplate jdbc) {
        super("backupsync", "store-roots");
        this.jdbc = jdbc;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        try {
            for (Map<String, Object> store : jdbc.queryForList(SqlFiles.load("select-enabled-backup-storages"))) {
                String uuid = (String) store.get("uuid");
                Path root = Path.of((String) store.get("url"));
                try {
                    if (!Files.isDirectory(root)) {
                        problems.add("store %s: root %s is missing".formatted(uuid, root));
                        continue;
                    }
                    // Writable is proven by writing: permissions alone do not tell (root, read-only mounts).
                    Files.delete(Files.createTempFile(root, ".health-", ".probe"));
                    builder.detail("store." + uuid + ".freeBytes", Files.getFileStore(root).getUsableSpace());
                } catch (IOException e) {
                    problems.add("store %s: root %s is not writable: %s".formatted(uuid, root, e.getMessage()));
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
