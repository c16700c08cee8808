package backupsync.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import backupsync.data.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Start-up recovery: every reservation this node still holds belongs to a copy that died with the previous process.
 * Its temporary file goes, a file renamed into place but never committed goes, and the Creating ref goes, so the
 * sync can simply be retried. A Ready ref is never touched: it is only ever written after the copy was verified,
 * made durable and renamed. Each step is idempotent, so a crash during recovery is recovered at the next start.
 */
public class RecoverInterruptedSyncs {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverInterruptedSyncs.class);
    private final NamedParameterJdbcTemplate jdbc;
    private final String nodeId;

    public RecoverInterruptedSyncs(NamedParameterJdbcTemplate jdbc, String nodeId) {
        this.jdbc = jdbc;
        this.nodeId = nodeId;
    }

    public void run() {
        List<Map<String, Object>> reservations = jdbc.queryForList(SqlFiles.load("select-sync-reservations-of-node"),
                Map.of("nodeId", nodeId));
        for (Map<String, Object> reservation : reservations) {
            Map<String, Object> key = Map.of("databaseBackupUuid", reservation.get("databaseBackupUuid"),
                    "backupStorageUuid", reservation.get("backupStorageUuid"));
            delete(Path.of((String) reservation.get("temporaryPath")));
            int refsDeleted = jdbc.update(SqlFiles.load("delete-creating-ref-by-key"), key);
            if (refsDeleted > 0) {
                // The ref was still Creating: whatever lies at the target was never recorded as a verified copy.
                delete(Path.of((String) reservation.get("targetPath")));
            }
            jdbc.update(SqlFiles.load("delete-sync-reservation-by-key"), key);
            LOG.warn("recovered the sync {} of database backup {} to backup storage {} interrupted by the last stop: "
                            + "its partial copy and Creating ref are removed; retry the sync",
                    reservation.get("requestId"), reservation.get("databaseBackupUuid"), reservation.get("backupStorageUuid"));
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {} during recovery: {}", file, e.toString());
        }
    }
}
