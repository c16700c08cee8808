package backupsync.pipeline;

import java.util.Map;

import backupsync.data.SqlFiles;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Step "recordReservation", right after the Creating ref is inserted: which node and request hold it, and which
 * files it may leave behind, so that this node can undo it at its next start if it dies while copying.
 */
public class RecordReservation implements Processor {
    private final NamedParameterJdbcTemplate jdbc;
    private final String nodeId;

    public RecordReservation(NamedParameterJdbcTemplate jdbc, String nodeId) {
        this.jdbc = jdbc;
        this.nodeId = nodeId;
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        Map<String, Object> reservation = Map.of(
                "databaseBackupUuid", sync.getBackupUuid(),
                "backupStorageUuid", sync.getDestination().uuid(),
                "nodeId", nodeId,
                "requestId", sync.getRequestId(),
                "temporaryPath", sync.getDestinationStore().temporaryFileFor(sync.getTargetFile(), sync.getRequestId()).toString(),
                "targetPath", sync.getTargetFile().toString());
        // This sync holds the Creating ref (unique key): a row left for the same key by a dead holder is stale.
        jdbc.update(SqlFiles.load("delete-sync-reservation-by-key"), reservation);
        jdbc.update(SqlFiles.load("insert-sync-reservation"), reservation);
    }
}
