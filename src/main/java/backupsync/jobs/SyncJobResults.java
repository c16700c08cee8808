package backupsync.jobs;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records how a job ended, once, and hands the answer to its web hook. */
public class SyncJobResults {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJobResults.class);
    private final SyncJobStore store;
    private final WebHooks webHooks;

    public SyncJobResults(SyncJobStore store, WebHooks webHooks) {
        this.store = store;
        this.webHooks = webHooks;
    }

    /**
     * Steps "recordJobResult" and "recordJobFailure": the answer the synchronous door would have written (status and
     * body of the message) becomes the job's result.
     */
    public void recordResult(Exchange exchange) {
        SyncJob job = exchange.getProperty(SyncJob.PROPERTY, SyncJob.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        finish(job, JobReplies.statusFor(status == null ? JobReplies.FAILED : status),
                exchange.getMessage().getBody(String.class));
    }

    /** Done with this answer unless the job already ended (its timeout came first); the web hook hears it once. */
    public void finish(SyncJob job, int status, String body) {
        job.stopClock();
        if (store.finish(job.getUuid(), status, body)) {
            LOG.info("job {} done: HTTP {}", job.getUuid(), status);
            webHooks.deliver(job, status, body);
        } else {
            LOG.info("job {} had already ended; its late answer (HTTP {}) is dropped", job.getUuid(), status);
        }
    }

    /** A web hook owed from before a restart: the job's stored answer, delivered again. */
    public void resendWebHook(SyncJob job, int status, String body) {
        webHooks.deliver(job, status, body);
    }
}
