package backupsync.queue;

import backupsync.api.ApiException;
import backupsync.api.SyncRequest;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.pipeline.SyncContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue door: turns a request message into the canonical sync request. The body is the REST body (either
 * spelling); the backup uuid comes from a {@code uuid} field (top level or inside the action object) or the
 * {@code uuid} string property; {@code sessionUuid} is optional.
 */
public class QueueSyncDoor {
    private static final Logger LOG = LoggerFactory.getLogger(QueueSyncDoor.class);
    public static final String UUID_PROPERTY = "uuid";
    public static final String SESSION_PROPERTY = "sessionUuid";
    /** ZStack's job header; Camel carries it in JMS as X_HYPHEN_Job_HYPHEN_UUID, plain JMS clients may use jobUuid. */
    public static final String JOB_UUID_PROPERTY = "X-Job-UUID";
    public static final String JOB_UUID_IDENTIFIER_PROPERTY = "jobUuid";
    /** The idempotent repository's column for the key is VARCHAR(100). */
    static final int MAX_MESSAGE_KEY_LENGTH = 100;

    /** Step "noteQueueReplyAddress": first, so that even an unreadable request gets its answer. */
    public void noteReplyAddress(Exchange exchange) throws JMSException {
        Message message = exchange.getMessage();
        Destination replyTo = message instanceof JmsMessage jms && jms.getJmsMessage() != null
                ? jms.getJmsMessage().getJMSReplyTo()
                : message.getHeader("JMSReplyTo", Destination.class);
        String correlationId = message.getHeader("JMSCorrelationID", String.class);
        exchange.setProperty(ReplyAddress.PROPERTY, new ReplyAddress(replyTo,
                correlationId != null ? correlationId : message.getHeader("JMSMessageID", String.class)));
    }

    /** Step "readQueueMessage". */
    public void readSyncRequest(Exchange exchange) {
        Message message = exchange.getMessage();
        ObjectNode body = (ObjectNode) ZStackJson.readObject(message.getBody(String.class));
        String backupUuid = backupUuid(body, message.getHeader(UUID_PROPERTY));
        SyncRequest syncRequest = SyncRequest.fromJson(body, backupUuid);
        ObjectNode resendable = body.deepCopy();
        if (backupUuid != null && !resendable.has(UUID_PROPERTY)) {
            resendable.put(UUID_PROPERTY, backupUuid);
        }
        String messageKey = messageKey(message);
        // As the REST door does with X-Job-UUID: only a real uuid becomes the sync's id (it names temporary files).
        String requestId = Uuids.isValid(messageKey) ? messageKey : Uuids.random();
        if (!requestId.equals(messageKey)) {
            LOG.info("queue message {} runs as sync {}", messageKey, requestId);
        }
        exchange.setProperty(QueueSyncRequest.PROPERTY, new QueueSyncRequest(messageKey, requestId, syncRequest,
                blankToNull(message.getHeader(SESSION_PROPERTY, String.class)), resendable));
    }

    /** Step "newReadOnlyContext": a pipeline context for answering a request that was already handled. */
    public void newSyncContext(Exchange exchange) {
        QueueSyncRequest request = exchange.getProperty(QueueSyncRequest.PROPERTY, QueueSyncRequest.class);
        exchange.setProperty(SyncContext.PROPERTY, request.newSyncContext());
    }

    private static String backupUuid(ObjectNode body, Object property) {
        String fromProperty = property == null ? null : blankToNull(property.toString());
        String fromBody = text(body.get(UUID_PROPERTY));
        String fromAction = text(actionObject(body).get(UUID_PROPERTY));
        String found = null;
        for (String candidate : new String[] {fromProperty, fromBody, fromAction}) {
            if (candidate == null) {
                continue;
            }
            if (found != null && !found.equals(candidate)) {
                throw ApiException.invalidField(UUID_PROPERTY,
                        "the message names two database backups (%s and %s); send one".formatted(found, candidate));
            }
            found = candidate;
        }
        return found;
    }

    private static JsonNode actionObject(ObjectNode body) {
        JsonNode action = body.get(SyncRequest.ACTION_KEY);
        if (action == null) {
            action = body.get(SyncRequest.ACTION_KEY_LOWERCASE);
        }
        // A missing or malformed action object is reported by SyncRequest.fromJson with its own message.
        return action != null && action.isObject() ? action : ZStackJson.mapper().createObjectNode();
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalidField(UUID_PROPERTY, "must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        return blankToNull(value.textValue());
    }

    /** The X-Job-UUID (either spelling) a sender gives, else the broker's JMSMessageID. */
    private static String messageKey(Message message) {
        String jobUuid = blankToNull(message.getHeader(JOB_UUID_PROPERTY, String.class));
        if (jobUuid == null) {
            jobUuid = blankToNull(message.getHeader(JOB_UUID_IDENTIFIER_PROPERTY, String.class));
        }
        String key = jobUuid != null ? jobUuid : message.getHeader("JMSMessageID", String.class);
        if (key == null) {
            // A producer may switch message ids off; such a message cannot be recognised when it comes again.
            key = "unidentified-" + Uuids.random();
            LOG.warn("a sync request has neither X-Job-UUID nor JMSMessageID; it is handled as {} and cannot be deduplicated", key);
        }
        if (key.length() > MAX_MESSAGE_KEY_LENGTH) {
            throw new ApiException(ZStackError.INVALID_ARGUMENT, "the %s property has %d characters, at most %d are accepted"
                    .formatted(JOB_UUID_PROPERTY, key.length(), MAX_MESSAGE_KEY_LENGTH));
        }
        return key;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
