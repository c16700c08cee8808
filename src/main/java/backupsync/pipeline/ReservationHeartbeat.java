package backupsync.pipeline;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import backupsync.data.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * While a sync holds a Creating ref, refreshes its lastOpDate every third of the lease, so that syncs on other
 * nodes can tell a live copy from the ref of a node that died ({@link AwaitOtherNodesCopy}).
 */
public class ReservationHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationHeartbeat.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final long periodMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reservation-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public ReservationHeartbeat(NamedParameterJdbcTemplate jdbc, long leaseMs) {
        this.jdbc = jdbc;
        this.periodMs = Math.max(1, leaseMs / 3);
    }

    /** Starts refreshing the Creating ref named by these SQL parameters; returns what stops it. */
    public Runnable keepAlive(Map<String, Object> sqlParameters) {
        ScheduledFuture<?> beat = timer.scheduleAtFixedRate(() -> refresh(sqlParameters), periodMs, periodMs,
                TimeUnit.MILLISECONDS);
        return () -> beat.cancel(false);
    }

    private void refresh(Map<String, Object> sqlParameters) {
        try {
            jdbc.update(SqlFiles.load("refresh-creating-ref"), sqlParameters);
        } catch (RuntimeException e) {
            // The next beat tries again; only a lease without any beat lets another node take over.
            LOG.warn("could not refresh the Creating ref of database backup {}: {}", sqlParameters.get("backupUuid"), e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
