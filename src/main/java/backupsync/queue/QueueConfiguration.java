package backupsync.queue;

import java.nio.file.Path;

import jakarta.jms.ConnectionFactory;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jms.connection.CachingConnectionFactory;

/** The queue door (JMS, routes/queue-door.yaml): the broker, its connections, the idempotent repository, the beans. */
public final class QueueConfiguration {
    private QueueConfiguration() {
    }

    public static void bind(CamelContext context, BrokerSettings broker, QueueSettings queue, Path dataDir,
                            DataSource dataSource) throws Exception {
        Registry registry = context.getRegistry();
        if (broker.type() == BrokerSettings.Type.ARTEMIS_EMBEDDED) {
            // Started now, before any route; as a service it is stopped after the routes.
            context.addService(new EmbeddedBroker(dataDir.resolve("broker"), broker, queue.deadLetter(),
                    queue.embeddedMaxDeliveryAttempts()), true, true);
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
    }
}
