package backupsync.schedule;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of a policy while it is under way, in the exchange property {@value #PROPERTY}. Every candidate's
 * exchange shares this object (split copies properties by reference), so the counters are atomic.
 */
public final class ReplicationRun {
    public static final String PROPERTY = "replicationRun";
    public static final String BY_SCHEDULE = "Schedule";
    public static final String BY_API = "Api";

    private final String runUuid;
    private final ReplicationPolicy policy;
    private final String triggeredBy;
    private final AtomicLong candidates = new AtomicLong();
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile String error;

    public ReplicationRun(String runUuid, ReplicationPolicy policy, String triggeredBy) {
        this.runUuid = runUuid;
        this.policy = policy;
        this.triggeredBy = triggeredBy;
    }

    public void countCandidate() {
        candidates.incrementAndGet();
    }

    public void countCopied(long copiedBytes) {
        copied.incrementAndGet();
        bytes.addAndGet(copiedBytes);
    }

    public void countSkipped() {
        skipped.incrementAndGet();
    }

    public void countFailed() {
        failed.incrementAndGet();
    }

    /** The run itself failed (e.g. the candidates could not be read), not one copy. */
    public void failRun(String error) {
        this.error = error;
    }

    /** Succeeded, CompletedWithFailures (some copies failed), or Failed (the run itself could not go on). */
    public String outcome() {
        if (error != null) {
            return "Failed";
        }
        return failed.get() == 0 ? "Succeeded" : "CompletedWithFailures";
    }

    public Map<String, Object> getCandidateParameters() {
        return policy.getCandidateParameters();
    }

    public String getRunUuid() { return runUuid; }
    public ReplicationPolicy getPolicy() { return policy; }
    public String getPolicyUuid() { return policy.uuid(); }
    public String getTriggeredBy() { return triggeredBy; }
    public long getCandidates() { return candidates.get(); }
    public long getCopied() { return copied.get(); }
    public long getSkipped() { return skipped.get(); }
    public long getFailed() { return failed.get(); }
    public long getBytes() { return bytes.get(); }
    public String getError() { return error; }
}
