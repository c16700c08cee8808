package backupsync.queue;

import com.rabbitmq.jms.admin.RMQConnectionFactory;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the JMS connection factory for the configured broker; the only class that knows broker client classes. */
public final class BrokerConnections {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnections.class);

    private BrokerConnections() {
    }

    public static ConnectionFactory connectionFactory(BrokerSettings settings) {
        LOG.info("queue door broker: {}", settings);
        return switch (settings.type()) {
            case ARTEMIS_EMBEDDED, ARTEMIS -> artemis(settings);
            case RABBITMQ -> rabbitmq(settings);
        };
    }

    private static ConnectionFactory artemis(BrokerSettings settings) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(settings.artemisUrl());
        // No client-side buffering: a consumer busy with a long copy must not sit on messages another consumer could run.
        factory.setConsumerWindowSize(0);
        if (settings.username() != null) {
            factory.setUser(settings.username());
            factory.setPassword(settings.password());
        }
        return factory;
    }

    private static ConnectionFactory rabbitmq(BrokerSettings settings) {
        RMQConnectionFactory factory = new RMQConnectionFactory();
        factory.setHost(settings.host());
        factory.setPort(settings.port());
        factory.setVirtualHost(settings.virtualHost());
        if (settings.username() != null) {
            factory.setUsername(settings.username());
            factory.setPassword(settings.password());
        }
        // A reply goes to the sender's temporary queue, an exclusive queue of the sender's connection: declaring it
        // again from ours is refused (RESOURCE_LOCKED), and it exists already.
        factory.setDeclareReplyToDestination(false);
        // A message whose processing failed goes back to the queue instead of being dropped.
        factory.setRequeueOnMessageListenerException(true);
        return factory;
    }
}
