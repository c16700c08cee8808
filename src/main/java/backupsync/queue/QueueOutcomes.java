package backupsync.queue;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import backupsync.api.Failures;
import backupsync.api.Failures.Failure;
import backupsync.pipeline.SyncContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and counts how each request message ended: the record of a request nobody waits a reply for. The counts are
 * since start-up; bean {@code queueOutcomes}.
 */
public class QueueOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(QueueOutcomes.class);
    /** The Failure of the request, for the answer and the dead-letter record. */
    public static final String FAILURE = "backupSyncQueueFailure";

    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong copies = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final Map<String, AtomicLong> failuresByCode = new ConcurrentHashMap<>();

    /** Step "recordSuccess". */
    public void recordSuccess(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        boolean duplicate = exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class);
        (duplicate ? duplicates : succeeded).incrementAndGet();
        if (!duplicate && sync.isCopied()) {
            copies.incrementAndGet();
        }
        attempts.addAndGet(QueueSyncAttempt.attempts(exchange));
        LOG.info("queued sync {} of database backup {} {}", sync.getRequestId(), sync.getBackupUuid(),
                duplicate ? "was already done: answered with the current inventory, nothing run again"
                        : "succeeded after %d attempt(s), copied=%s".formatted(QueueSyncAttempt.attempts(exchange), sync.isCopied()));
    }

    /** Step "recordFailure": the ErrorCode of the failure, kept for the answer and the dead-letter record. */
    public void recordFailure(Exchange exchange) {
        Failure failure = Failures.describe(QueueFailurePolicy.failureOf(exchange));
        exchange.setProperty(FAILURE, failure);
        failed.incrementAndGet();
        attempts.addAndGet(QueueSyncAttempt.attempts(exchange));
        failuresByCode.computeIfAbsent(failure.errorCode().code(), code -> new AtomicLong()).incrementAndGet();
        QueueSyncRequest request = exchange.getProperty(QueueSyncRequest.PROPERTY, QueueSyncRequest.class);
        LOG.warn("queued sync {} failed after {} attempt(s): {} {}{}", request == null ? "(unreadable request)" : request.messageKey(),
                QueueSyncAttempt.attempts(exchange), failure.errorCode().code(), failure.errorCode().details(),
                failure.transientFailure() ? "; moving it to the dead-letter queue" : "");
    }

    /** Step "recordDeadLetter": counted once the dead-letter message is sent. */
    public void recordDeadLetter(Exchange exchange) {
        deadLettered.incrementAndGet();
    }

    /** Wanted by the dead-letter filter: only failures that could pass are worth resending later. */
    public static boolean isTransient(Exchange exchange) {
        Failure failure = exchange.getProperty(FAILURE, Failure.class);
        return failure != null && failure.transientFailure();
    }

    public long succeeded() { return succeeded.get(); }
    /** Successful requests that copied the file (the others found it already there). */
    public long copies() { return copies.get(); }
    public long duplicates() { return duplicates.get(); }
    public long failed() { return failed.get(); }
    public long deadLettered() { return deadLettered.get(); }
    /** Pipeline attempts made for finished messages, retries included. */
    public long attempts() { return attempts.get(); }

    public Map<String, Long> failuresByCode() {
        Map<String, Long> counts = new TreeMap<>();
        failuresByCode.forEach((code, count) -> counts.put(code, count.get()));
        return counts;
    }

    @Override
    public String toString() {
        return "succeeded=%d copies=%d duplicates=%d failed=%d deadLettered=%d attempts=%d failuresByCode=%s".formatted(
                succeeded(), copies(), duplicates(), failed(), deadLettered(), attempts(), failuresByCode());
    }
}
