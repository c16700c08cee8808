package backupsync.queue;

import java.nio.file.Path;

import backupsync.OwnedPorts;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default broker: Apache Artemis inside the service, persistent journal under {@code <data-dir>/broker}, listening
 * on TCP so other processes can send requests. Added as a Camel service so it starts before the queue door's routes
 * and stops after them.
 */
public class EmbeddedBroker extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private static final String ACCEPTOR = "tcp";
    private final Path directory;
    private final BrokerSettings settings;
    private final String deadLetterQueue;
    private final int maxDeliveryAttempts;
    private EmbeddedActiveMQ server;

    /**
     * @param maxDeliveryAttempts deliveries of one message the broker allows before it moves it to the dead-letter
     *                            queue itself; only reached when processing keeps failing without recording the failure
     *                            (the service dying mid-way), since the queue door records every failure it sees.
     */
    public EmbeddedBroker(Path directory, BrokerSettings settings, String deadLetterQueue, int maxDeliveryAttempts) {
        this.directory = directory;
        this.settings = settings;
        this.deadLetterQueue = deadLetterQueue;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    @Override
    protected void doStart() throws Exception {
        Configuration configuration = new ConfigurationImpl()
                .setName("backup-sync")
                .setPersistenceEnabled(true)
                // NIO works on every file system; the AIO journal needs libaio and a local disk.
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setLargeMessagesDirectory(directory.resolve("large-messages").toString())
                .setPagingDirectory(directory.resolve("paging").toString())
                // No user store: who may send is decided by who can reach the bind address (127.0.0.1 by default).
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                // The analyzer halts the broker on a slow disk; the service's own shutdown handles hangs.
                .setCriticalAnalyzer(false)
                .addAcceptorConfiguration(ACCEPTOR, "tcp://%s:%d".formatted(settings.embeddedBindAddress(), settings.port()));
        configuration.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(deadLetterQueue))
                // A request its sender let expire is kept where an operator looks, not dropped.
                .setExpiryAddress(SimpleString.of(deadLetterQueue))
                .setMaxDeliveryAttempts(maxDeliveryAttempts)
                .setRedeliveryDelay(1000L));
        server = new EmbeddedActiveMQ().setConfiguration(configuration);
        server.start();
        // Artemis logs a failed bind (AMQ229230) and runs on without its acceptor; consumers of this node then
        // attached to whichever broker held the port and answered its messages from this node's database.
        Acceptor acceptor = server.getActiveMQServer().getRemotingService().getAcceptor(ACCEPTOR);
        if (acceptor == null || !acceptor.isStarted()) {
            server.stop();
            server = null;
            throw OwnedPorts.inUse("embedded broker", settings.embeddedBindAddress(), settings.port(),
                    "backupsync.broker.port", null);
        }
        LOG.info("embedded Artemis broker listening on {}:{}, journal in {}", settings.embeddedBindAddress(),
                settings.port(), directory);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
            LOG.info("embedded Artemis broker stopped");
        }
    }
}
