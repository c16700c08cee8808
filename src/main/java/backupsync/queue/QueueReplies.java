package backupsync.queue;

import java.util.LinkedHashMap;
import java.util.Map;

import backupsync.api.ErrorCode;
import backupsync.api.Failures.Failure;
import backupsync.api.ZStackJson;
import backupsync.http.HttpResponses;
import backupsync.pipeline.SyncContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsConstants;

/**
 * Builds the messages the queue door sends: the reply (the same JSON as the REST answer) and the dead-letter record.
 * Every message starts with no headers, so nothing of the request (its session above all) is copied by accident.
 */
public class QueueReplies {
    /** JMS properties of replies and dead-letter records. */
    public static final String ERROR_CODE = "errorCode";
    public static final String ERROR_DETAILS = "errorDetails";
    public static final String ATTEMPTS = "attempts";
    public static final String DUPLICATE = "duplicate";
    public static final String ORIGINAL_MESSAGE_KEY = "originalMessageKey";

    /** Predicate "wantsReply?". */
    public static boolean wantsReply(Exchange exchange) {
        ReplyAddress address = exchange.getProperty(ReplyAddress.PROPERTY, ReplyAddress.class);
        return address != null && address.wantsReply();
    }

    /** Step "inventoryReply": {@code {"inventory": ...}}. */
    public void inventoryReply(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        Message reply = addressedReply(exchange);
        reply.setHeader(DUPLICATE, exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class));
        reply.setBody(ZStackJson.write(HttpResponses.inventoryReply(sync.getInventory(), false)));
    }

    /** Step "errorReply": {@code {"error": ErrorCode}}, the code also as a property. */
    public void errorReply(Exchange exchange) {
        ErrorCode error = exchange.getProperty(QueueOutcomes.FAILURE, Failure.class).errorCode();
        Message reply = addressedReply(exchange);
        reply.setHeader(ERROR_CODE, error.code());
        reply.setHeader(ERROR_DETAILS, error.details());
        reply.setBody(ZStackJson.write(Map.of("error", error)));
    }

    /**
     * Step "deadLetterRecord": {@code {"request": <the request, uuid included>, "error": ErrorCode}} with the code,
     * details and attempt count as properties. An operator reads why, and resends {@code request} as it is.
     */
    public void deadLetterRecord(Exchange exchange) {
        ErrorCode error = exchange.getProperty(QueueOutcomes.FAILURE, Failure.class).errorCode();
        QueueSyncRequest request = exchange.getProperty(QueueSyncRequest.PROPERTY, QueueSyncRequest.class);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("request", request.request());
        record.put("error", error);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(ERROR_CODE, error.code());
        message.setHeader(ERROR_DETAILS, error.details());
        message.setHeader(ATTEMPTS, QueueSyncAttempt.attempts(exchange));
        message.setHeader(ORIGINAL_MESSAGE_KEY, request.messageKey());
        message.setHeader(QueueSyncDoor.UUID_PROPERTY, request.syncRequest().backupUuid());
        message.setBody(ZStackJson.write(record));
    }

    private static Message addressedReply(Exchange exchange) {
        ReplyAddress address = exchange.getProperty(ReplyAddress.PROPERTY, ReplyAddress.class);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        // The JMS producer sends to this Destination object (a temporary queue too) instead of its endpoint's queue.
        message.setHeader(JmsConstants.JMS_DESTINATION, address.replyTo());
        message.setHeader("JMSCorrelationID", address.correlationId());
        message.setHeader(ATTEMPTS, QueueSyncAttempt.attempts(exchange));
        return message;
    }
}
