package backupsync.bandwidth;

import java.time.Clock;

import io.micrometer.core.instrument.Tags;
import org.apache.camel.spi.Registry;
import org.springframework.transaction.support.TransactionTemplate;

import backupsync.auth.SessionService;
import backupsync.config.StartupWork;
import backupsync.data.DatabaseConfiguration.DatabaseBeans;
import backupsync.observe.SyncMetrics;

/** The bandwidth limits (bean "bandwidthLimits", read by "writeTemporaryFile"), their REST door and their metrics. */
public final class BandwidthConfiguration {
    private BandwidthConfiguration() {
    }

    public static BandwidthLimits bind(Registry registry, BandwidthSettings settings, DatabaseBeans database,
                                       SessionService sessions, String nodeId, SyncMetrics metrics, StartupWork work) {
        Clock clock = Clock.systemDefaultZone();
        BandwidthLimits limits = new BandwidthLimits(database.jdbc(), new TransactionTemplate(database.transactions()), nodeId,
                settings.nodeDefault(), clock);
        work.add("read the bandwidth limits", limits::refresh);
        limits.onNewLimit(limit -> {
            Tags tags = Tags.of("scope", limit.scope(), "key", limit.key());
            metrics.gauge("backupsync.bandwidth.limit.bytes.per.second",
                    "The bandwidth limit in force now (-1: none), per scope (node, backup-storage, replication-policy)", tags,
                    () -> limit.limitNow().orElse(-1));
            metrics.gauge("backupsync.bandwidth.passed.bytes", "Bytes copies have read under this limit since the node started",
                    tags, limit::bytesPassed);
        });
        registry.bind("bandwidthLimits", limits);
        registry.bind("bandwidthDoor", new BandwidthDoor(sessions, limits, database.jdbc(), clock));
        return limits;
    }
}
