package backupsync.queue;

import backupsync.api.SyncRequest;
import backupsync.pipeline.SyncContext;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request message as the queue door read it, kept in the exchange property {@value #PROPERTY} for every attempt,
 * the answer and the dead-letter record.
 *
 * @param messageKey  what makes two messages the same request: the {@code X-Job-UUID} property, else the JMSMessageID
 * @param requestId   the sync's id in logs and temporary file names: the message key when it is a ZStack uuid, else a
 *                    new uuid (a key is the sender's free text and must never become part of a path)
 * @param sessionUuid null: the sync runs as the service itself
 * @param request     the body as sent, with the backup uuid added at the top level so it can be resent as it is
 */
public record QueueSyncRequest(String messageKey, String requestId, SyncRequest syncRequest, String sessionUuid,
                               ObjectNode request) {
    public static final String PROPERTY = "backupSyncQueueRequest";
    public static final String DOOR = "queue";

    /** A fresh pipeline context: each attempt starts clean, so its error path undoes only what it did itself. */
    public SyncContext newSyncContext() {
        return new SyncContext(requestId, DOOR, syncRequest, sessionUuid);
    }
}
