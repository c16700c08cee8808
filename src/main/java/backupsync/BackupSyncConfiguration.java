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
import backupsync.queue.BrokerConnections;
import backupsync.queue.BrokerSettings;
import backupsync.queue.EmbeddedBroker;
import backupsync.queue.QueueFailurePolicy;
import backupsync.queue.QueueMessageIds;
import backupsync.queue.QueueOutcomes;
import backupsync.queue.QueueReplies;
import backupsync.queue.QueueSyncAttempt;
import backupsync.queue.QueueSyncDoor;
import backupsync.storage.BackupStores;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jms.connection.CachingConnectionFactory;

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

        // ---- Queue door (JMS): broker, connections, idempotent repository and the door's beans ----
        BrokerSettings broker = BrokerSettings.from(key -> optional(properties, key));
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
    }

    private static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("missing configuration property " + key));
    }

    private static String optional(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).orElse(null);
    }
}
