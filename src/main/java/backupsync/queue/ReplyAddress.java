package backupsync.queue;

import jakarta.jms.Destination;

/**
 * Where and under which correlation id the answer to a request goes; kept in the exchange property {@value #PROPERTY}.
 *
 * @param replyTo       the request's JMSReplyTo, or null: the outcome is only logged and counted
 * @param correlationId the request's JMSCorrelationID, or its JMSMessageID when it has none
 */
public record ReplyAddress(Destination replyTo, String correlationId) {
    public static final String PROPERTY = "backupSyncReplyAddress";

    public boolean wantsReply() {
        return replyTo != null;
    }
}
