package backupsync.jobs;

import java.time.Instant;

import backupsync.api.ZStackError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps AsyncRestVO bounded and honest: no job stays Processing forever, no finished job stays forever. */
public class SyncJobCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJobCleanup.class);
    private final SyncJobStore store;
    private final long expireAfterSeconds;

    public SyncJobCleanup(SyncJobStore store, long expireAfterSeconds) {
        this.store = store;
        this.expireAfterSeconds = expireAfterSeconds;
    }

    /** At start-up, before any route runs: the jobs this node left Processing died with the previous process. */
    public void failJobsLeftByPreviousRun() {
        int failed = store.failJobsLeftByThisNode(JobReplies.FAILED, JobReplies.failure(ZStackError.CANCELLED
                .withDetails("the service restarted while the job ran; retry")));
        if (failed > 0) {
            LOG.warn("{} job(s) were running when this node last stopped; they are now failed (SYS.1017)", failed);
        }
    }

    /** Step "failOverdueJobs": Processing past the deadline means the node running it is gone. */
    public void failOverdueJobs() {
        int failed = store.failOverdueJobs(JobReplies.FAILED, JobReplies.failure(ZStackError.TIMEOUT
                .withDetails("the job ran past its X-API-Timeout on a node that stopped answering for it")));
        if (failed > 0) {
            LOG.warn("{} overdue job(s) failed with SYS.1001", failed);
        }
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
