package backupsync.queue;

import backupsync.pipeline.SyncContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.builder.ExchangeBuilder;

/**
 * Step "runSyncAttempt": one run of the pipeline in an exchange of its own. The pipeline holds the per-backup lock
 * and its reservation until its exchange completes; a fresh exchange per attempt means each failed attempt is undone
 * and unlocked (route queueSyncAttempt) before the queue's error handler waits and calls this step again.
 */
public class QueueSyncAttempt {
    public static final String ATTEMPTS = "backupSyncQueueAttempts";
    static final String ATTEMPT_URI = "direct:queueSyncAttempt";

    private final CamelContext context;
    private volatile ProducerTemplate producer;

    public QueueSyncAttempt(CamelContext context) {
        this.context = context;
    }

    public void run(Exchange exchange) {
        QueueSyncRequest request = exchange.getProperty(QueueSyncRequest.PROPERTY, QueueSyncRequest.class);
        exchange.setProperty(ATTEMPTS, attempts(exchange) + 1);
        SyncContext sync = request.newSyncContext();
        Exchange attempt = ExchangeBuilder.anExchange(context).withProperty(SyncContext.PROPERTY, sync).build();
        Exchange done = producer().send(ATTEMPT_URI, attempt);
        exchange.setProperty(SyncContext.PROPERTY, sync);
        Throwable failure = done.getException() != null ? done.getException()
                : done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            throw failure instanceof RuntimeException runtime ? runtime : new RuntimeCamelException(failure);
        }
    }

    public static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 0, Integer.class);
    }

    private ProducerTemplate producer() {
        ProducerTemplate template = producer;
        if (template == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = context.createProducerTemplate();
                }
                template = producer;
            }
        }
        return template;
    }
}
