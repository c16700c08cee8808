package backupsync.support;

import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import backupsync.queue.BrokerConnections;
import backupsync.queue.BrokerSettings;

/** A plain JMS client, as another process would use the queue door: no Camel, none of our door's code. */
public final class JmsClient implements AutoCloseable {
    /** Long enough for any sync in the tests; a reply that takes longer is a failure, not a slow machine. */
    public static final long REPLY_TIMEOUT_MS = 120_000;

    private final Connection connection;
    private final Session session;

    public JmsClient(ConnectionFactory factory) throws JMSException {
        connection = factory.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** A client of the service's embedded broker. */
    public static JmsClient embedded(ServiceRunner service) throws JMSException {
        return new JmsClient(BrokerConnections.connectionFactory(
                BrokerSettings.from(Map.of("backupsync.broker.port", Integer.toString(service.brokerPort()))::get)));
    }

    public Session session() {
        return session;
    }

    public TemporaryQueue temporaryQueue() throws JMSException {
        return session.createTemporaryQueue();
    }

    /** Sends a text message with string properties; returns it (JMSMessageID set). */
    public TextMessage send(String queue, String body, Map<String, String> properties, Destination replyTo,
                            String correlationId) throws JMSException {
        TextMessage message = session.createTextMessage(body);
        for (Map.Entry<String, String> property : properties.entrySet()) {
            message.setStringProperty(property.getKey(), property.getValue());
        }
        message.setJMSReplyTo(replyTo);
        if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        try (var producer = session.createProducer(session.createQueue(queue))) {
            producer.send(message);
        }
        return message;
    }

    /** The next message on {@code destination}, or null after {@code timeoutMs}. */
    public TextMessage receive(Destination destination, long timeoutMs) throws JMSException {
        try (MessageConsumer consumer = session.createConsumer(destination)) {
            return (TextMessage) consumer.receive(timeoutMs);
        }
    }

    public TextMessage receive(String queue, long timeoutMs) throws JMSException {
        return receive(session.createQueue(queue), timeoutMs);
    }

    /** Request-reply: sends and waits for the answer on a temporary queue. */
    public TextMessage request(String queue, String body, Map<String, String> properties) throws JMSException {
        TemporaryQueue replies = temporaryQueue();
        try {
            TextMessage request = send(queue, body, properties, replies, null);
            TextMessage reply = receive(replies, REPLY_TIMEOUT_MS);
            if (reply == null) {
                throw new AssertionError("no reply within " + REPLY_TIMEOUT_MS + " ms to " + request.getJMSMessageID());
            }
            return reply;
        } finally {
            replies.delete();
        }
    }

    public static String text(Message message) throws JMSException {
        return ((TextMessage) message).getText();
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
