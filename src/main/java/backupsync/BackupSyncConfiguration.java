package backupsync;

import java.nio.file.Files;

import backupsync.auth.SessionCache;
import backupsync.auth.SessionService;
import backupsync.config.Settings;
import backupsync.config.StartupWork;
import backupsync.data.DatabaseConfiguration;
import backupsync.data.DatabaseConfiguration.DatabaseBeans;
import backupsync.data.DatabaseSettings;
import backupsync.data.InventoryConfiguration;
import backupsync.http.HttpConfiguration;
import backupsync.http.HttpSettings;
import backupsync.jobs.JobSettings;
import backupsync.jobs.JobsConfiguration;
import backupsync.rpc.RpcConfiguration;
import backupsync.bandwidth.BandwidthConfiguration;
import backupsync.bandwidth.BandwidthLimits;
import backupsync.bandwidth.BandwidthSettings;
import backupsync.observe.ObserveConfiguration;
import backupsync.observe.SyncObserver;
import backupsync.observe.ObserveSettings;
import backupsync.pipeline.PipelineConfiguration;
import backupsync.pipeline.SyncSettings;
import backupsync.queue.BrokerSettings;
import backupsync.queue.QueueConfiguration;
import backupsync.queue.QueueSettings;
import backupsync.schedule.ClusterNode;
import backupsync.schedule.ReplicationSettings;
import backupsync.schedule.ScheduleConfiguration;
import backupsync.storage.BackupStores;
import backupsync.storage.SshStoreDefaults;
import backupsync.storage.StorageConfiguration;
import backupsync.storage.StorageConfiguration.StorageBeans;
import backupsync.storage.api.StorageApiConfiguration;
import backupsync.verify.VerifyConfiguration;
import backupsync.verify.VerifySettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every feature's settings are bound and checked first, so a bad value stops start-up before
 * anything is opened; then each feature's configuration binds its beans under the names the routes use; then the
 * start-up work runs in order ({@link StartupWork}), all before any route starts.
 */
public class BackupSyncConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSyncConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
        NodeSettings node = NodeSettings.from(settings);
        HttpSettings http = HttpSettings.from(settings);
        DatabaseSettings databaseSettings = DatabaseSettings.from(settings, node.dataDir());
        SyncSettings sync = SyncSettings.from(settings);
        JobSettings jobs = JobSettings.from(settings);
        BrokerSettings broker = BrokerSettings.from(settings);
        QueueSettings queue = QueueSettings.from(settings);
        ReplicationSettings replication = ReplicationSettings.from(settings, databaseSettings.vendor());
        ObserveSettings observe = ObserveSettings.from(settings);
        SshStoreDefaults ssh = SshStoreDefaults.from(settings);
        BandwidthSettings bandwidth = BandwidthSettings.from(settings);
        VerifySettings verify = VerifySettings.from(settings);

        HttpConfiguration.claimPorts(context, http, broker);
        // Added first, so stopped last: the final line of the log says the node is down.
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                LOG.info("backup-sync stopped");
            }
        });
        Files.createDirectories(node.dataDir());
        DatabaseBeans database = DatabaseConfiguration.open(context, databaseSettings);
        try {
            StartupWork work = new StartupWork();
            // One store object per backup storage, for every reader and writer of its files (claimed space is per store).
            StorageBeans storage = StorageConfiguration.bind(context, sync.writeBehindPeriodMs(), ssh, database.jdbc());
            BackupStores stores = storage.stores();
            InventoryConfiguration.register(context, node, http.port(), database, stores, work);
            SessionService sessions = new SessionService(database.jdbc(), http.sessionTimeoutSeconds(),
                    new SessionCache(http.sessionCacheSeconds()));
            HttpConfiguration.bind(context, http, sessions, database.jdbc());
            StorageApiConfiguration.bind(context.getRegistry(), ssh, database.jdbc(), database.transactions(), sessions, stores);
            SyncObserver observer = ObserveConfiguration.bind(context, observe, database, sessions, stores);
            BandwidthLimits limits = BandwidthConfiguration.bind(context.getRegistry(), bandwidth, database, sessions,
                    node.nodeId(), observer.metrics(), work);
            PipelineConfiguration.bind(context, sync, database, storage, sessions, node.nodeId(), limits, work);
            JobsConfiguration.bind(context, jobs, database.jdbc(), sessions, node.nodeId(), http.port(), work);
            RpcConfiguration.bind(context.getRegistry(), sessions, database.jdbc());
            QueueConfiguration.bind(context, broker, queue, node.dataDir(), database.dataSource());
            ClusterNode clusterNode = ScheduleConfiguration.bind(context, replication, database, sessions, work);
            VerifyConfiguration.bind(context, verify, database, sessions, stores, clusterNode, observer.metrics(), work);
            work.runAll();
        } catch (Exception | Error failure) {
            // Start-up stops here: give the connections back rather than leak a pool per failed start.
            database.dataSource().close();
            throw failure;
        }
    }
}
