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
 * nodes can tell a live copy from the ref of a node that died ({@link AwaitOtherNodesCopy}). A sync whose
 * reservation another node took over, or that could not refresh for two thirds of a lease (so another node may be
 * about to), loses its lease ({@link SyncContext#loseLease}): its copy stops before the other node's begins writing.
 */
public class ReservationHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationHeartbeat.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final long periodMs;
    private final long leaseMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reservation-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public ReservationHeartbeat(NamedParameterJdbcTemplate jdbc, long leaseMs) {
        this.jdbc = jdbc;
        this.periodMs = Math.max(1, leaseMs / 3);
        this.leaseMs = leaseMs;
    }

    /** Starts refreshing the Creating ref this sync reserved; returns what stops it. */
    public Runnable keepAlive(SyncContext sync) {
        Map<String, Object> sqlParameters = sync.getSqlParameters();
        long[] lastRefresh = {System.nanoTime()};
        ScheduledFuture<?> beat = timer.scheduleAtFixedRate(() -> refresh(sync, sqlParameters, lastRefresh), periodMs,
                periodMs, TimeUnit.MILLISECONDS);
        return () -> beat.cancel(false);
    }

    private void refresh(SyncContext sync, Map<String, Object> sqlParameters, long[] lastRefresh) {
        try {
            if (jdbc.update(SqlFiles.load("refresh-creating-ref"), sqlParameters) == 0 && !sync.isCommitted()) {
                LOG.warn("sync {}: its reservation of database backup {} on backup storage {} was taken over by another sync; stopping its copy",
                        sync.getRequestId(), sync.getBackupUuid(), sqlParameters.get("dstBackupStorageUuid"));
                sync.loseLease();
            }
            lastRefresh[0] = System.nanoTime();
        } catch (RuntimeException e) {
            // The next beat tries again; only a lease without any beat lets another node take over.
            LOG.warn("could not refresh the Creating ref of database backup {}: {}", sqlParameters.get("backupUuid"), e.toString());
            if (System.nanoTime() - lastRefresh[0] >= TimeUnit.MILLISECONDS.toNanos(leaseMs * 2 / 3) && !sync.isCommitted()) {
                LOG.warn("sync {}: no heartbeat for two thirds of the lease; stopping its copy before another node takes it over",
                        sync.getRequestId());
                sync.loseLease();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
