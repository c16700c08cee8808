package backupsync.jobs;

import java.time.Instant;
import java.util.List;

import backupsync.api.ZStackError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps AsyncRestVO bounded and honest: no job stays Processing forever, no finished job stays forever. */
public class SyncJobCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJobCleanup.class);
    private final SyncJobStore store;
    private final SyncJobResults results;
    private final long expireAfterSeconds;

    public SyncJobCleanup(SyncJobStore store, SyncJobResults results, long expireAfterSeconds) {
        this.store = store;
        this.results = results;
        this.expireAfterSeconds = expireAfterSeconds;
    }

    /**
     * At start-up, before any route runs: the jobs this node left Processing died with the previous process. Each is
     * finished like any other job, so its web hook hears it too.
     */
    public void failJobsLeftByPreviousRun() {
        List<SyncJob> interrupted = store.jobsLeftByThisNode();
        if (!interrupted.isEmpty()) {
            LOG.warn("{} job(s) were running when this node last stopped; they are now failed (SYS.1017)", interrupted.size());
        }
        String failure = JobReplies.failure(ZStackError.CANCELLED.withDetails("the service restarted while the job ran; retry"));
        interrupted.forEach(job -> results.finish(job, JobReplies.FAILED, failure));
    }

    /**
     * At start-up, before {@link #failJobsLeftByPreviousRun}: the web hooks this node owed when it stopped (no 2xx
     * yet, attempts left) are sent again, each with the answer its job stored.
     */
    public void resendOwedWebHooks() {
        List<SyncJobStore.OwedWebHook> owed = store.webHooksOwedByThisNode();
        if (!owed.isEmpty()) {
            LOG.info("{} web hook(s) were still owed when this node last stopped; sending them again", owed.size());
        }
        owed.forEach(hook -> results.resendWebHook(hook.job(), hook.status(), hook.body()));
    }

    /** Step "failOverdueJobs": Processing past the deadline means the node running it is gone. */
    public void failOverdueJobs() {
        List<SyncJob> overdue = store.overdueJobs();
        if (!overdue.isEmpty()) {
            LOG.warn("{} overdue job(s) of stopped nodes fail with SYS.1001", overdue.size());
        }
        String failure = JobReplies.failure(ZStackError.TIMEOUT
                .withDetails("the job ran past its X-API-Timeout on a node that stopped answering for it"));
        overdue.forEach(job -> results.finish(job, JobReplies.FAILED, failure));
    }

    /** Step "deleteExpiredJobs": finished jobs older than backupsync.jobs.expire-after. */
    public void deleteExpiredJobs() {
        int deleted = store.deleteJobsDoneBefore(expiredBefore());
        if (deleted > 0) {
            LOG.info("deleted {} expired job(s)", deleted);
        }
    }

    /** Jobs finished before this are expired: polls answer 404 even before the cleanup deletes them. */
    public Instant expiredBefore() {
        return Instant.now().minusSeconds(expireAfterSeconds);
    }
}
