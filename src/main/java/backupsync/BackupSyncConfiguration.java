package backupsync;

import java.nio.file.Path;

import backupsync.auth.SessionService;
import backupsync.data.Database;
import backupsync.data.DemoSetup;
import backupsync.data.InventoryLoader;
import backupsync.http.ErrorPages;
import backupsync.http.FailureResponder;
import backupsync.http.LoginDoor;
import backupsync.http.RestSyncDoor;
import backupsync.http.UnknownPath;
import backupsync.pipeline.AttachBackupStorageRefs;
import backupsync.pipeline.AttachSyncSubjects;
import backupsync.pipeline.AuthenticateCaller;
import backupsync.pipeline.AuthorizeCaller;
import backupsync.pipeline.BackupLocks;
import backupsync.pipeline.BuildInventory;
import backupsync.pipeline.CheckCommitted;
import backupsync.pipeline.CheckSourceHoldsBackup;
import backupsync.pipeline.CheckSyncAllowed;
import backupsync.pipeline.LockDatabaseBackup;
import backupsync.pipeline.MarkReserved;
import backupsync.pipeline.PrepareCopy;
import backupsync.pipeline.UndoReservation;
import backupsync.pipeline.ValidateSyncRequest;
import backupsync.query.QueryDatabaseBackups;
import backupsync.schedule.ClaimReplicationRun;
import backupsync.schedule.ClusterNode;
import backupsync.schedule.ClusteredScheduler;
import backupsync.schedule.CopyPools;
import backupsync.schedule.FinishReplicationRun;
import backupsync.schedule.PrepareReplicationSync;
import backupsync.schedule.RecordReplicationOutcome;
import backupsync.schedule.RecoverInterruptedRuns;
import backupsync.schedule.ReplicationDoor;
import backupsync.schedule.ReplicationPolicies;
import backupsync.schedule.ReplicationReports;
import backupsync.storage.BackupStores;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.apache.camel.support.service.ServiceSupport;
import org.quartz.Scheduler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Builds and registers every bean, under the name the routes use for it. Order matters and is spelled out:
 * the database is migrated and the inventory loaded before any route starts.
 */
public class BackupSyncConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Registry registry = context.getRegistry();

        Path dataDir = Path.of(property(properties, "backupsync.data-dir")).toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(dataDir);

        String url = optional(properties, "backupsync.db.url");
        if (url == null || url.isBlank()) {
            url = Database.embeddedH2Url(dataDir);
        }
        HikariDataSource dataSource = Database.open(url,
                property(properties, "backupsync.db.username"), optional(properties, "backupsync.db.password"),
                Integer.parseInt(property(properties, "backupsync.db.pool-size")),
                Long.parseLong(property(properties, "backupsync.db.connection-timeout")));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                dataSource.close();
            }
        });
        Database.migrate(dataSource, property(properties, "backupsync.db.vendor"));
        registry.bind("dataSource", dataSource);
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);

        JdbcTransactionManager transactionManager = new JdbcTransactionManager(dataSource);
        registry.bind("transactionManager", transactionManager);
        SpringTransactionPolicy required = new SpringTransactionPolicy(transactionManager);
        required.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        registry.bind("requiredTransaction", required);

        String inventoryFile = optional(properties, "backupsync.inventory-file");
        if (Boolean.parseBoolean(optional(properties, "backupsync.demo"))) {
            inventoryFile = new DemoSetup(dataDir, property(properties, "camel.server.port")).prepare().toString();
        }
        new InventoryLoader(jdbc, transactionManager).loadDefaultsAndFile(
                inventoryFile == null || inventoryFile.isBlank() ? null : Path.of(inventoryFile));

        SessionService sessions = new SessionService(jdbc, Long.parseLong(property(properties, "backupsync.session-timeout")));
        BackupStores stores = new BackupStores();

        // Doors
        registry.bind("restSyncDoor", new RestSyncDoor());
        registry.bind("loginDoor", new LoginDoor(sessions));
        registry.bind("queryDatabaseBackups", new QueryDatabaseBackups(sessions, jdbc));
        registry.bind("unknownPath", new UnknownPath());
        registry.bind("failureResponder", new FailureResponder());
        context.getManagementStrategy().addEventNotifier(new ErrorPages(context,
                Integer.parseInt(property(properties, "camel.server.port")),
                Long.parseLong(property(properties, "camel.server.max-body-size"))));

        // Pipeline steps, by the names the route gives them
        registry.bind("authenticateCaller", new AuthenticateCaller(sessions));
        registry.bind("validateSyncRequest", new ValidateSyncRequest(
                Integer.parseInt(property(properties, "backupsync.tags.max-count")),
                Integer.parseInt(property(properties, "backupsync.tags.max-length"))));
        registry.bind("attachSyncSubjects", new AttachSyncSubjects());
        registry.bind("authorizeCaller", new AuthorizeCaller());
        registry.bind("checkSyncAllowed", new CheckSyncAllowed());
        registry.bind("lockDatabaseBackup", new LockDatabaseBackup(
                new BackupLocks(Long.parseLong(property(properties, "backupsync.sync.lock-timeout")))));
        registry.bind("attachBackupStorageRefs", new AttachBackupStorageRefs());
        registry.bind("checkSourceHoldsBackup", new CheckSourceHoldsBackup(stores));
        registry.bind("markReserved", new MarkReserved());
        registry.bind("prepareCopy", new PrepareCopy(stores,
                Integer.parseInt(property(properties, "backupsync.copy.buffer-size"))));
        registry.bind("verifyCopy", new backupsync.pipeline.VerifyCopy());
        registry.bind("checkCommitted", new CheckCommitted());
        registry.bind("buildInventory", new BuildInventory());
        registry.bind("undoReservation", new UndoReservation());

        bindReplication(context, properties, dataSource, jdbc, transactionManager, sessions);
    }

    // ---- Scheduled batch replication (package backupsync.schedule, docs/replication.md) ----
    private static void bindReplication(CamelContext context, PropertiesComponent properties, HikariDataSource dataSource,
                                        NamedParameterJdbcTemplate jdbc, JdbcTransactionManager transactionManager,
                                        SessionService sessions) throws Exception {
        Registry registry = context.getRegistry();
        ClusterNode node = ClusterNode.start(property(properties, "backupsync.replication.quartz.scheduler-name"),
                Long.parseLong(property(properties, "backupsync.replication.quartz.checkin-interval")));
        RecoverInterruptedRuns recoverInterruptedRuns = new RecoverInterruptedRuns(jdbc, node);
        recoverInterruptedRuns.recover();

        String delegate = optional(properties, "backupsync.replication.quartz.driver-delegate");
        if (delegate == null || delegate.isBlank()) {
            delegate = "postgresql".equals(property(properties, "backupsync.db.vendor"))
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        }
        Scheduler scheduler = ClusteredScheduler.create(node, dataSource, delegate,
                Integer.parseInt(property(properties, "backupsync.replication.quartz.thread-count")));
        QuartzComponent quartz = new QuartzComponent();
        quartz.setScheduler(scheduler);
        registry.bind("quartz", quartz);
        registry.bind("quartzScheduler", scheduler);
        // The scheduler's check-ins are this node's heartbeat: start it even when no policy is scheduled here.
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                if (!scheduler.isStarted()) {
                    scheduler.start();
                }
            }
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                scheduler.shutdown(true);
            }
        });

        ReplicationPolicies policies = new ReplicationPolicies(jdbc);
        registry.bind("replicationPolicies", policies);
        registry.bind("copyPools", new CopyPools(context));
        registry.bind("recoverInterruptedRuns", recoverInterruptedRuns);
        registry.bind("claimReplicationRun", new ClaimReplicationRun(jdbc, transactionManager, policies, node));
        registry.bind("prepareReplicationSync", new PrepareReplicationSync());
        registry.bind("recordReplicationOutcome", new RecordReplicationOutcome(jdbc));
        registry.bind("finishReplicationRun", new FinishReplicationRun(jdbc));
        registry.bind("replicationDoor", new ReplicationDoor(sessions, policies, new ReplicationReports(jdbc)));
    }
    // ---- end of scheduled batch replication ----

    private static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("missing configuration property " + key));
    }

    private static String optional(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).orElse(null);
    }
}
