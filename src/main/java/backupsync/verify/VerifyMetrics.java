package backupsync.verify;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import backupsync.data.Rows;
import backupsync.data.SqlFiles;
import backupsync.observe.SyncMetrics;
import io.micrometer.core.instrument.Tags;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Verify runs at /observe/metrics: backupsync_verify_copies_total{store,outcome} (good, corrupt, missing,
 * unreachable), backupsync_verify_read_bytes_total{store}, backupsync_verify_repairs_total{store,outcome} and, per
 * store, backupsync_verify_oldest_unverified_age_seconds: how long its least recently verified Ready copy has gone
 * without a good verification (read from the database, shared by every node, at most every few seconds).
 */
public class VerifyMetrics {
    private static final long REFRESH_MS = 5000;
    private final SyncMetrics metrics;
    private final NamedParameterJdbcTemplate jdbc;
    private final Set<String> storesWithGauge = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Long> oldestByStore = Map.of();
    private volatile long refreshedAt;

    public VerifyMetrics(SyncMetrics metrics, NamedParameterJdbcTemplate jdbc) {
        this.metrics = metrics;
        this.jdbc = jdbc;
    }

    public void verified(String storeUuid, String outcome, long bytesRead) {
        metrics.count("backupsync.verify.copies", "Copies verify runs checked, by store and outcome",
                Tags.of("store", storeUuid, "outcome", outcome.toLowerCase(java.util.Locale.ROOT)), 1);
        if (bytesRead > 0) {
            metrics.count("backupsync.verify.read.bytes", "Bytes verify runs read or had hashed on the store's host",
                    Tags.of("store", storeUuid), bytesRead);
        }
    }

    public void repair(String storeUuid, String outcome) {
        metrics.count("backupsync.verify.repairs", "Bad copies verify runs repaired or could not repair",
                Tags.of("store", storeUuid, "outcome", outcome), 1);
    }

    /** Reads the ages now and gives each store seen its gauge: at start-up and at the end of every run. */
    public synchronized void refresh() {
        Map<String, Long> oldest = new ConcurrentHashMap<>();
        for (Map<String, Object> row : jdbc.queryForList(SqlFiles.load("select-oldest-unverified-per-store"), Map.of())) {
            java.util.Date since = Rows.date(row.get("oldest"));
            if (since != null) {
                oldest.put((String) row.get("backupStorageUuid"), since.getTime());
            }
        }
        oldestByStore = oldest;
        refreshedAt = System.currentTimeMillis();
        for (String store : oldest.keySet()) {
            if (storesWithGauge.add(store)) {
                metrics.gauge("backupsync.verify.oldest.unverified.age.seconds",
                        "Per store: how long its least recently verified Ready copy has gone without a good verification",
                        Tags.of("store", store), () -> ageSeconds(store));
            }
        }
    }

    private long ageSeconds(String store) {
        if (System.currentTimeMillis() - refreshedAt > REFRESH_MS) {
            try {
                refresh();
            } catch (RuntimeException databaseAway) {
                // the last figures stand until the database answers
            }
        }
        Long since = oldestByStore.get(store);
        return since == null ? 0 : Math.max(0, (System.currentTimeMillis() - since) / 1000);
    }
}
