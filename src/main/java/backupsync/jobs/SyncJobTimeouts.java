package backupsync.jobs;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X-API-Timeout: counted from the moment the job is accepted (time in the queue counts, as in ZStack). When it
 * runs out the job is answered SYS.1001 at once, and its copy is cancelled: the copy fails at its next read and
 * the job's error path deletes the temporary file and the Creating ref.
 */
public class SyncJobTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJobTimeouts.class);
    private final ScheduledExecutorService scheduler;
    private final SyncJobResults results;

    public SyncJobTimeouts(ScheduledExecutorService scheduler, SyncJobResults results) {
        this.scheduler = scheduler;
        this.results = results;
    }

    /** Step "startJobClock". */
    public void startClock(Exchange exchange) {
        SyncJob job = exchange.getProperty(SyncJob.PROPERTY, SyncJob.class);
        job.setClock(scheduler.schedule(() -> expire(job), job.getApiTimeoutMs(), TimeUnit.MILLISECONDS));
    }

    private void expire(SyncJob job) {
        ApiException timeout = new ApiException(ZStackError.TIMEOUT,
                "job[uuid:%s] ran past its %s of %d ms; its copy was cancelled".formatted(job.getUuid(),
                        SyncJobDoor.API_TIMEOUT_HEADER, job.getApiTimeoutMs()));
        job.getCancellation().cancel(timeout);
        try {
            results.finish(job, JobReplies.FAILED, JobReplies.failure(timeout.errorCode()));
        } catch (RuntimeException e) {
            // The database may be away; the periodic cleanup fails overdue jobs from their deadline column.
            LOG.warn("job {} timed out but could not be recorded: {}", job.getUuid(), e.toString());
        }
    }
}
