package backupsync.observe;

import backupsync.auth.SessionService;
import backupsync.data.DatabaseConfiguration.DatabaseBeans;
import backupsync.data.EmbeddedH2Housekeeping;
import backupsync.storage.BackupStores;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.springframework.jdbc.core.JdbcTemplate;

/** What operators watch: one log line and metrics per sync, progress, readiness checks, the embedded file's upkeep. */
public final class ObserveConfiguration {
    private ObserveConfiguration() {
    }

    public static SyncObserver bind(CamelContext context, ObserveSettings settings, DatabaseBeans database,
                                    SessionService sessions, BackupStores stores) throws Exception {
        Registry registry = context.getRegistry();
        SyncObserver observer = new SyncObserver(context);
        registry.bind("observeSync", observer);
        // Embedded H2 only: its file compacted by the route compactEmbeddedDatabase, its size and live share shown.
        EmbeddedH2Housekeeping housekeeping = EmbeddedH2Housekeeping.of(database.dataSource()).orElse(null);
        if (housekeeping != null) {
            registry.bind("embeddedH2Housekeeping", housekeeping);
            observer.metrics().gauge("backupsync.database.file.bytes", "Size of the embedded database file",
                    housekeeping::fileBytes);
            observer.metrics().gauge("backupsync.database.chunk.fill.ratio",
                    "Share of the embedded database file's chunks that holds live data",
                    housekeeping::chunkFillRatio);
        }
        context.addStartupListener((started, alreadyStarted) -> observer.metrics().start());
        registry.bind("syncProgress", new SyncProgress(observer, sessions, settings.progressLogPeriodMs()));
        JdbcTemplate plainJdbc = new JdbcTemplate(database.dataSource());
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(plainJdbc));
        registry.bind("storeRootsHealthCheck", new StoreRootsHealthCheck(plainJdbc, stores));
        return observer;
    }
}
