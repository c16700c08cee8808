package backupsync.pipeline;

import java.util.Map;

import backupsync.data.SqlFiles;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Step "recordReservation", in the Creating ref's own transaction: which node and request hold it, and which
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
                // Names relative to the store's root (StoreName): recovery resolves them through the store's kind.
                "temporaryPath", sync.getDestinationStore().temporaryNameFor(sync.getTargetName(), sync.getRequestId()).toString(),
                "targetPath", sync.getTargetName().toString());
        // A stale row for the same key fails this insert (duplicate key): the reserve loop deletes it and tries again.
        jdbc.update(SqlFiles.load("insert-sync-reservation"), reservation);
    }
}
