package backupsync.pipeline;

import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.data.BackupStorageRefRow;
import backupsync.data.Rows;
import backupsync.data.SqlFiles;
import backupsync.storage.BackupStore;
import backupsync.storage.BackupStores;
import backupsync.storage.InstallPath;
import backupsync.storage.StoreName;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Step "awaitOtherNodesCopy": returns once the destination holds no Creating ref, so the sync can either answer with
 * the Ready copy or reserve the destination itself.
 * <p>
 * Why: {@link BackupLocks} serializes the syncs of one backup inside one node only. Across nodes the database is the
 * lock: the unique key on (databaseBackupUuid, backupStorageUuid) lets one node insert the Creating ref, and every
 * other node waits here for that copy to end (Ready: nothing left to copy; gone: it failed, reserve again) instead of
 * failing its caller. A node that dies while copying stops refreshing its ref's lastOpDate
 * ({@link ReservationHeartbeat}); once that value has not changed for a whole lease, measured on this node's own
 * clock so that clock skew between hosts does not matter, the waiter deletes the ref and its temporary files and
 * takes over.
 */
public class AwaitOtherNodesCopy implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(AwaitOtherNodesCopy.class);
    /** When this sync gives up waiting (System.nanoTime), set on its first wait so retries share one budget. */
    private static final String DEADLINE = "backupSyncWaitDeadline";

    private final NamedParameterJdbcTemplate jdbc;
    private final BackupStores stores;
    private final long timeoutMs;
    private final long pollIntervalMs;
    private final long leaseMs;
    private final PartialCopies partials;

    public AwaitOtherNodesCopy(NamedParameterJdbcTemplate jdbc, BackupStores stores, long timeoutMs,
                               long pollIntervalMs, long leaseMs, PartialCopies partials) {
        this.partials = partials;
        this.jdbc = jdbc;
        this.stores = stores;
        this.timeoutMs = timeoutMs;
        this.pollIntervalMs = pollIntervalMs;
        this.leaseMs = leaseMs;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        Map<String, Object> key = sync.getSqlParameters();
        Date lastSeenHeartbeat = null;
        long lastSeenAt = 0;
        for (Map<String, Object> ref = destinationRef(key); isCreating(ref); ref = destinationRef(key)) {
            long now = System.nanoTime();
            Date heartbeat = Rows.date(ref.get("lastOpDate"));
            if (lastSeenAt == 0 || !Objects.equals(heartbeat, lastSeenHeartbeat)) {
                if (lastSeenAt == 0) {
                    LOG.info("sync {}: database backup {} is being copied to backup storage {} by another node; waiting for it",
                            sync.getRequestId(), sync.getBackupUuid(), sync.getDestination().uuid());
                }
                lastSeenHeartbeat = heartbeat;
                lastSeenAt = now;
            } else if (now - lastSeenAt >= TimeUnit.MILLISECONDS.toNanos(leaseMs)) {
                takeOver(sync, ref);
                continue;
            }
            long deadline = exchange.getProperty(DEADLINE, now + TimeUnit.MILLISECONDS.toNanos(timeoutMs), Long.class);
            exchange.setProperty(DEADLINE, deadline);
            if (now - deadline >= 0) {
                throw new ApiException(ZStackError.TIMEOUT,
                        "gave up after %d ms waiting for another node's copy of database backup[uuid:%s] to backup storage[uuid:%s]"
                                .formatted(timeoutMs, sync.getBackupUuid(), sync.getDestination().uuid()));
            }
            TimeUnit.MILLISECONDS.sleep(pollIntervalMs);
        }
    }

    /** The dead holder's temporary file, kept when its reservation recorded durable bytes; null when none is kept. */
    private StoreName keepPartial(BackupStore store, List<Map<String, Object>> reservations) {
        for (Map<String, Object> reservation : reservations) {
            long durable = ((Number) reservation.get("durableBytes")).longValue();
            String recorded = (String) reservation.get("temporaryPath");
            if (durable > 0 && !recorded.startsWith("/")) {
                StoreName temporary = StoreName.parse(recorded);
                partials.keep(store, (String) reservation.get("databaseBackupUuid"),
                        (String) reservation.get("backupStorageUuid"), temporary, durable);
                return temporary;
            }
        }
        return null;
    }

    private Map<String, Object> destinationRef(Map<String, Object> key) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-destination-ref"), key);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static boolean isCreating(Map<String, Object> ref) {
        return ref != null && BackupStorageRefRow.CREATING.equals(ref.get("status"));
    }

    /** The node holding the ref stopped its heartbeat a lease ago: remove its ref; keep its partial file for a resume. */
    private void takeOver(SyncContext sync, Map<String, Object> ref) {
        int deleted = jdbc.update(SqlFiles.load("delete-abandoned-ref"),
                Map.of("id", ref.get("id"), "lastOpDate", ref.get("lastOpDate")));
        if (deleted == 1) {
            Map<String, Object> key = Map.of(
                    "databaseBackupUuid", sync.getBackupUuid(), "backupStorageUuid", sync.getDestination().uuid());
            BackupStore store = stores.of(sync.getDestination());
            StoreName kept = keepPartial(store, jdbc.queryForList(SqlFiles.load("select-sync-reservation-by-key"), key));
            jdbc.update(SqlFiles.load("delete-sync-reservation-by-key"), key);
            StoreName target = StoreName.of(InstallPath.parse((String) ref.get("installPath")));
            try {
                store.temporaryFilesOf(target).stream().filter(file -> !file.equals(kept)).forEach(store::deleteQuietly);
            } catch (IOException | RuntimeException e) {
                // The copy this sync makes next uses its own temporary name; what is left is removed at the next takeover.
                LOG.warn("sync {}: could not list the temporary files of {} on {}: {}", sync.getRequestId(), target,
                        store.location(), e.toString());
            }
            LOG.warn("sync {}: took over database backup {} on backup storage {}: the Creating ref's holder sent no heartbeat for {} ms",
                    sync.getRequestId(), sync.getBackupUuid(), sync.getDestination().uuid(), leaseMs);
        }
    }
}
