package backupsync.schedule;

import java.util.HashMap;
import java.util.Map;

import backupsync.api.ErrorCode;
import backupsync.api.Failures;
import backupsync.data.SqlFiles;
import backupsync.pipeline.SyncContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Counts each candidate's outcome in its run; a failed copy is also stored with its ErrorCode at once. */
public class RecordReplicationOutcome {
    private static final Logger LOG = LoggerFactory.getLogger(RecordReplicationOutcome.class);
    private static final int MAX_DETAILS = 4096;
    private final NamedParameterJdbcTemplate jdbc;

    public RecordReplicationOutcome(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Step "countCopiedOrSkipped": the pipeline answered; it copied, or found the backup already there. */
    public void countCopiedOrSkipped(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        ReplicationRun run = exchange.getProperty(ReplicationRun.PROPERTY, ReplicationRun.class);
        if (sync.isCopied()) {
            run.countCopied(sync.getBytesCopied());
        } else {
            run.countSkipped();
        }
    }

    /** Step "recordFailedCopy": after the reservation was undone; the run goes on with the next candidate. */
    public void recordFailedCopy(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        ReplicationRun run = exchange.getProperty(ReplicationRun.PROPERTY, ReplicationRun.class);
        ErrorCode error = Failures.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).errorCode();
        run.countFailed();
        Map<String, Object> row = new HashMap<>();
        row.put("runUuid", run.getRunUuid());
        row.put("databaseBackupUuid", sync.getBackupUuid());
        row.put("backupStorageUuid", sync.getRequest().dstBackupStorageUuid());
        row.put("code", error.code());
        row.put("description", error.description());
        row.put("details", shorten(error.details()));
        jdbc.update(SqlFiles.load("insert-replication-run-failure"), row);
        LOG.info("replication run {}: database backup {} to backup storage {} failed: {} {}", run.getRunUuid(),
                sync.getBackupUuid(), sync.getRequest().dstBackupStorageUuid(), error.code(), error.details());
    }

    static String shorten(String text) {
        return text == null || text.length() <= MAX_DETAILS ? text : text.substring(0, MAX_DETAILS - 3) + "...";
    }
}
