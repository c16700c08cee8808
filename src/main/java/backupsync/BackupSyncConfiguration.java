package backupsync;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import backupsync.auth.SessionCache;
import backupsync.auth.SessionService;
import backupsync.data.CachedSqlParameters;
import backupsync.data.Database;
import backupsync.data.DemoSetup;
import backupsync.data.EmbeddedH2Housekeeping;
import backupsync.data.InventoryException;
import backupsync.data.InventoryLoader;
import backupsync.http.ErrorPages;
import backupsync.http.FailureResponder;
import backupsync.http.LoginDoor;
import backupsync.http.RestSyncDoor;
import backupsync.http.StartingUp;
import backupsync.http.UnknownPath;
import backupsync.jobs.CheckJobStillWanted;
import backupsync.jobs.SyncJobCleanup;
import backupsync.jobs.SyncJobDoor;
import backupsync.jobs.SyncJobPolls;
import backupsync.jobs.SyncJobResults;
import backupsync.jobs.SyncJobStore;
import backupsync.jobs.SyncJobTimeouts;
import backupsync.jobs.WebHooks;
import backupsync.pipeline.AttachBackupStorageRefs;
import backupsync.pipeline.AttachSyncSubjects;
import backupsync.pipeline.AuthenticateCaller;
import backupsync.pipeline.AuthorizeCaller;
import backupsync.pipeline.AwaitOtherNodesCopy;
import backupsync.pipeline.BackupLocks;
import backupsync.pipeline.BuildInventory;
import backupsync.pipeline.CheckCommitted;
import backupsync.pipeline.CheckSourceHoldsBackup;
import backupsync.pipeline.CheckSyncAllowed;
import backupsync.pipeline.LockDatabaseBackup;
import backupsync.pipeline.MarkReserved;
import backupsync.pipeline.PrepareCopy;
import backupsync.pipeline.RecordReservation;
import backupsync.pipeline.RecoverInterruptedSyncs;
import backupsync.pipeline.ReservationHeartbeat;
import backupsync.pipeline.UndoReservation;
import backupsync.pipeline.ValidateSyncRequest;
import backupsync.pipeline.WriteTemporaryFile;
import backupsync.observe.DatabaseHealthCheck;
import backupsync.observe.StoreRootsHealthCheck;
import backupsync.observe.SyncObserver;
import backupsync.observe.SyncProgress;
import backupsync.query.QueryDatabaseBackups;
import backupsync.queue.BrokerConnections;
import backupsync.queue.BrokerSettings;
import backupsync.queue.EmbeddedBroker;
import backupsync.queue.QueueFailurePolicy;
import backupsync.queue.QueueMessageIds;
import backupsync.queue.QueueOutcomes;
import backupsync.queue.QueueReplies;
import backupsync.queue.QueueSyncAttempt;
import backupsync.queue.QueueSyncDoor;
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
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.quartz.Scheduler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Builds and registers every bean, under the name the routes use for it. Order matters and is spelled out:
 * the database is migrated and the inventory loaded before any route starts.
 */
public class BackupSyncConfiguration implements CamelConfiguration {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackupSyncConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Registry registry = context.getRegistry();

        // Before anything is opened: a node that cannot own its ports must not run (OwnedPorts says why).
        int httpPort = Integer.parseInt(property(properties, "camel.server.port"));
        OwnedPorts.requireFree("HTTP", property(properties, "camel.server.host"), httpPort, "camel.server.port");
        BrokerSettings broker = BrokerSettings.from(key -> optional(properties, key));
        if (broker.type() == BrokerSettings.Type.ARTEMIS_EMBEDDED) {
            OwnedPorts.requireFree("embedded broker", broker.embeddedBindAddress(), broker.port(), "backupsync.broker.port");
        }
        context.addStartupListener(new HttpServerBound(httpPort));
        StartingUp.install(context);
        // Added first, so stopped last: the final line of the log says the node is down.
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                LOG.info("backup-sync stopped");
            }
        });

        Path dataDir = Path.of(property(properties, "backupsync.data-dir")).toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(dataDir);

        String url = optional(properties, "backupsync.db.url");
        if (url == null || url.isBlank()) {
            url = Database.embeddedH2Url(dataDir);
        }
        HikariDataSource dataSource = Database.openOrExplain(url,
                property(properties, "backupsync.db.username"), optional(properties, "backupsync.db.password"),
                Integer.parseInt(property(properties, "backupsync.db.pool-size")),
                Long.parseLong(property(properties, "backupsync.db.connection-timeout")));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                dataSource.close();
            }
        });
        try {
            Database.migrate(dataSource, property(properties, "backupsync.db.vendor"), property(properties, "backupsync.db.migrate"));
            registry.bind("dataSource", dataSource);
            context.getCamelContextExtension().registerEndpointCallback(new CachedSqlParameters());
            NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);

            JdbcTransactionManager transactionManager = new JdbcTransactionManager(dataSource);
            registry.bind("transactionManager", transactionManager);
            SpringTransactionPolicy required = new SpringTransactionPolicy(transactionManager);
            required.setPropagationBehaviorName("PROPAGATION_REQUIRED");
            registry.bind("requiredTransaction", required);

            String inventoryFile = optional(properties, "backupsync.inventory-file");
            if (Boolean.parseBoolean(optional(properties, "backupsync.demo"))) {
                DemoSetup demo = new DemoSetup(dataDir, Integer.toString(httpPort));
                inventoryFile = demo.prepare().toString();
                context.addStartupListener(new ExtendedStartupListener() {
                    @Override
                    public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                    }

                    @Override
                    public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                        demo.announce();
                    }
                });
            }
            // One store object per backup storage, for every reader and writer of its files (claimed space is per store).
            BackupStores stores = new BackupStores(
                    context.getExecutorServiceManager().newScheduledThreadPool(this, "write-behind", 2),
                    Long.parseLong(property(properties, "backupsync.copy.write-behind-period")));
            try {
                new InventoryLoader(jdbc, transactionManager, stores,
                        Boolean.parseBoolean(property(properties, "backupsync.inventory.fill-md5"))).loadDefaultsAndFile(
                        inventoryFile == null || inventoryFile.isBlank() ? null : Path.of(inventoryFile));
            } catch (InventoryException e) {
                throw new StartupFailure(e.getMessage() + " (backupsync.inventory-file=" + inventoryFile + ")", e);
            }

            String configuredNodeId = optional(properties, "backupsync.node-id");
            String nodeId = configuredNodeId == null || configuredNodeId.isBlank() ? SyncJobStore.defaultNodeId(dataDir) : configuredNodeId;
            // Before any route starts: what this node left half-done when it last stopped is undone now.
            new RecoverInterruptedSyncs(jdbc, stores, nodeId).run();

            SessionService sessions = new SessionService(jdbc, Long.parseLong(property(properties, "backupsync.session-timeout")),
                    new SessionCache(Long.parseLong(property(properties, "backupsync.session-cache-seconds"))));

            // Doors
            registry.bind("restSyncDoor", new RestSyncDoor());
            registry.bind("loginDoor", new LoginDoor(sessions));
            registry.bind("queryDatabaseBackups", new QueryDatabaseBackups(sessions, jdbc));
            registry.bind("unknownPath", new UnknownPath());
            registry.bind("failureResponder", new FailureResponder());
            context.getManagementStrategy().addEventNotifier(new ErrorPages(context,
                    Integer.parseInt(property(properties, "camel.server.port")),
                    Long.parseLong(property(properties, "camel.server.max-body-size"))));

            // What operators watch: one log line and metrics per sync, progress, readiness checks
            SyncObserver observer = new SyncObserver(context);
            registry.bind("observeSync", observer);
            // Embedded H2 only: its file compacted by the route compactEmbeddedDatabase, its size and live share shown.
            EmbeddedH2Housekeeping housekeeping = EmbeddedH2Housekeeping.of(dataSource).orElse(null);
            if (housekeeping != null) {
                registry.bind("embeddedH2Housekeeping", housekeeping);
                observer.metrics().gauge("backupsync.database.file.bytes", "Size of the embedded database file",
                        housekeeping::fileBytes);
                observer.metrics().gauge("backupsync.database.chunk.fill.ratio",
                        "Share of the embedded database file's chunks that holds live data",
                        housekeeping::chunkFillRatio);
            }
            context.addStartupListener((started, alreadyStarted) -> observer.metrics().start());
            registry.bind("syncProgress", new SyncProgress(observer, sessions,
                    Long.parseLong(property(properties, "backupsync.progress.log-period"))));
            JdbcTemplate plainJdbc = new JdbcTemplate(dataSource);
            registry.bind("databaseHealthCheck", new DatabaseHealthCheck(plainJdbc));
            registry.bind("storeRootsHealthCheck", new StoreRootsHealthCheck(plainJdbc, stores));

            // Pipeline steps, by the names the route gives them
            registry.bind("authenticateCaller", new AuthenticateCaller(sessions));
            registry.bind("validateSyncRequest", new ValidateSyncRequest(
                    Integer.parseInt(property(properties, "backupsync.tags.max-count")),
                    Integer.parseInt(property(properties, "backupsync.tags.max-length"))));
            registry.bind("attachSyncSubjects", new AttachSyncSubjects());
            registry.bind("authorizeCaller", new AuthorizeCaller());
            registry.bind("checkSyncAllowed", new CheckSyncAllowed());
            long lockTimeoutMs = Long.parseLong(property(properties, "backupsync.sync.lock-timeout"));
            registry.bind("lockDatabaseBackup", new LockDatabaseBackup(new BackupLocks(lockTimeoutMs)));
            registry.bind("attachBackupStorageRefs", new AttachBackupStorageRefs());
            long leaseMs = TimeUnit.SECONDS.toMillis(Long.parseLong(property(properties, "backupsync.sync.lease-seconds")));
            registry.bind("awaitOtherNodesCopy", new AwaitOtherNodesCopy(jdbc, stores, lockTimeoutMs,
                    Long.parseLong(property(properties, "backupsync.sync.wait-poll-interval")), leaseMs));
            registry.bind("checkSourceHoldsBackup", new CheckSourceHoldsBackup(stores));
            ReservationHeartbeat heartbeat = new ReservationHeartbeat(jdbc, leaseMs);
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    heartbeat.close();
                }
            });
            registry.bind("markReserved", new MarkReserved(heartbeat));
            registry.bind("recordReservation", new RecordReservation(jdbc, nodeId));
            registry.bind("prepareCopy", new PrepareCopy());
            registry.bind("writeTemporaryFile", new WriteTemporaryFile(
                    Integer.parseInt(property(properties, "backupsync.copy.buffer-size")),
                    context.getExecutorServiceManager().newCachedThreadPool(this, "md5")));
            registry.bind("verifyCopy", new backupsync.pipeline.VerifyCopy());
            registry.bind("checkCommitted", new CheckCommitted());
            registry.bind("buildInventory", new BuildInventory());
            registry.bind("undoReservation", new UndoReservation());

            // ---- Async jobs (ZStack's X-Job-UUID protocol, routes/job-doors.yaml): begin ----
            SyncJobStore jobStore = new SyncJobStore(jdbc, nodeId);
            int jobThreads = Integer.parseInt(property(properties, "backupsync.jobs.pool-size"));
            // Bounded threads, unbounded queue: a queued job is already recorded, and its X-API-Timeout bounds its wait.
            registry.bind("syncJobPool", context.getExecutorServiceManager().newThreadPool(this, "syncJobs",
                    new ThreadPoolProfileBuilder("syncJobs").poolSize(jobThreads).maxPoolSize(jobThreads)
                            .maxQueueSize(-1).build()));
            ScheduledExecutorService jobScheduler = context.getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "syncJobTimers");
            WebHooks webHooks = new WebHooks(jobStore, jobScheduler,
                    Integer.parseInt(property(properties, "backupsync.jobs.webhook-attempts")),
                    Long.parseLong(property(properties, "backupsync.jobs.webhook-backoff")),
                    Long.parseLong(property(properties, "backupsync.jobs.webhook-timeout")));
            // Camel ended this pool only after the context had stopped, and web hook retries ran on meanwhile (one
            // landed after the node was gone, then the next start sent it again). Timers and retries end with the
            // service; a hook still owed is sent at the next start.
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    context.getExecutorServiceManager().shutdownNow(jobScheduler);
                }
            });
            SyncJobResults jobResults = new SyncJobResults(jobStore, webHooks);
            SyncJobCleanup jobCleanup = new SyncJobCleanup(jobStore, jobResults,
                    Long.parseLong(property(properties, "backupsync.jobs.expire-after")));
            // Before any route starts: the web hooks this node still owed are sent again; then the jobs it left
            // Processing, which died with the previous process, are failed (finishing them sends their hooks).
            jobCleanup.resendOwedWebHooks();
            jobCleanup.failJobsLeftByPreviousRun();
            registry.bind("syncJobDoor", new SyncJobDoor(jobStore,
                    Long.parseLong(property(properties, "backupsync.jobs.default-api-timeout")),
                    Integer.parseInt(property(properties, "camel.server.port"))));
            registry.bind("syncJobTimeouts", new SyncJobTimeouts(jobScheduler, jobResults));
            registry.bind("checkJobStillWanted", new CheckJobStillWanted());
            registry.bind("syncJobResults", jobResults);
            registry.bind("syncJobPolls", new SyncJobPolls(jobStore, sessions, jobCleanup));
            registry.bind("syncJobCleanup", jobCleanup);
            // ---- Async jobs: end ----
            backupsync.storage.api.StorageApiConfiguration.bind(registry, key -> optional(properties, key), jdbc,
                    transactionManager, sessions, stores);

            // ---- Queue door (JMS): broker, connections, idempotent repository and the door's beans ----
            if (broker.type() == BrokerSettings.Type.ARTEMIS_EMBEDDED) {
                // Started now, before any route; as a service it is stopped after the routes.
                context.addService(new EmbeddedBroker(dataDir.resolve("broker"), broker,
                        property(properties, "backupsync.queue.dead-letter"),
                        Integer.parseInt(property(properties, "backupsync.broker.embedded.max-delivery-attempts"))), true, true);
            }
            ConnectionFactory brokerConnections = BrokerConnections.connectionFactory(broker);
            // Replies and dead-letter records go through their own cached connection, outside the consumer's transaction:
            // they are on the broker before the request is acknowledged.
            CachingConnectionFactory sendingConnections = new CachingConnectionFactory(brokerConnections);
            sendingConnections.setReconnectOnException(true);
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    sendingConnections.destroy();
                }
            });
            registry.bind("queueConsumerConnectionFactory", brokerConnections);
            registry.bind("jms", JmsComponent.jmsComponent(sendingConnections));
            registry.bind("queueMessageIds", new QueueMessageIds(dataSource));
            registry.bind("queueSyncDoor", new QueueSyncDoor());
            registry.bind("queueSyncAttempt", new QueueSyncAttempt(context));
            registry.bind("queueFailurePolicy", new QueueFailurePolicy());
            registry.bind("queueOutcomes", new QueueOutcomes());
            registry.bind("queueReplies", new QueueReplies());
            // ---- end of the queue door ----
            bindReplication(context, properties, dataSource, jdbc, transactionManager, sessions);
        } catch (Exception | Error failure) {
            // Start-up stops here: give the connections back rather than leak a pool per failed start.
            dataSource.close();
            throw failure;
        }
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
