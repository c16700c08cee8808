package backupsync.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import backupsync.data.SqlFiles;
import backupsync.storage.StagedWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A copy's checkpoints: each time another {@code intervalBytes} of its temporary file are known fsynced
 * ({@link StagedWrite#durableBytes}), that count goes to its reservation record, so that recovery or a takeover keeps
 * the file for a resume from there. Only fsynced bytes count: after a crash of the store's host, bytes that were only
 * in its page cache may be gone or zeros. Off the copying thread, polled at the write-behind's period.
 */
public class CopyCheckpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CopyCheckpoints.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final long intervalBytes;
    private final long pollMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "copy-checkpoints");
        thread.setDaemon(true);
        return thread;
    });

    public CopyCheckpoints(NamedParameterJdbcTemplate jdbc, long intervalBytes, long pollMs) {
        this.jdbc = jdbc;
        this.intervalBytes = intervalBytes;
        this.pollMs = pollMs;
    }

    /** Starts recording the checkpoints of this sync's staged write; returns what stops it. */
    public Runnable record(SyncContext sync, StagedWrite write) {
        Map<String, Object> key = Map.of("databaseBackupUuid", sync.getBackupUuid(),
                "backupStorageUuid", sync.getDestination().uuid(), "requestId", sync.getRequestId());
        long[] recorded = {write.resumedFrom()};
        if (write.resumedFrom() > 0) {
            // What it resumed from is durable already: a crash before the first checkpoint keeps it.
            save(key, write.resumedFrom());
        }
        ScheduledFuture<?> poll = timer.scheduleWithFixedDelay(() -> {
            long durable = write.durableBytes();
            if (durable - recorded[0] >= intervalBytes && save(key, durable)) {
                recorded[0] = durable;
            }
        }, pollMs, pollMs, TimeUnit.MILLISECONDS);
        return () -> poll.cancel(false);
    }

    private boolean save(Map<String, Object> key, long durableBytes) {
        try {
            Map<String, Object> parameters = new HashMap<>(key);
            parameters.put("durableBytes", durableBytes);
            jdbc.update(SqlFiles.load("record-copy-checkpoint"), parameters);
            return true;
        } catch (RuntimeException e) {
            // The next poll tries again; a resume goes back at most to the last checkpoint recorded.
            LOG.debug("could not record the checkpoint of {}: {}", key, e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
