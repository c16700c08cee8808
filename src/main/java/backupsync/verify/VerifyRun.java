package backupsync.verify;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import backupsync.bandwidth.Bandwidth;

/**
 * One run of a verify policy while it is under way, in the exchange property {@value #PROPERTY}. A dry run keeps its
 * lines here (it writes nothing, not even its report); a real run stores each line as it is found.
 */
public final class VerifyRun {
    public static final String PROPERTY = "verifyRun";
    public static final String BY_SCHEDULE = "Schedule";
    public static final String BY_API = "Api";

    private final String runUuid;
    private final VerifyPolicy policy;
    private final String triggeredBy;
    private final boolean dryRun;
    private final Bandwidth readLimit;
    private final long startMillis = System.currentTimeMillis();
    private final AtomicLong copies = new AtomicLong();
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong good = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong unreachable = new AtomicLong();
    private final AtomicLong repaired = new AtomicLong();
    private final AtomicLong unrepaired = new AtomicLong();
    private final AtomicLong orphans = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /** The stores this run met, each checked for orphans at the end. */
    private final Map<String, Boolean> storesSeen = new ConcurrentHashMap<>();
    private final List<VerifyRunInventory.Item> dryRunItems = new CopyOnWriteArrayList<>();
    private volatile boolean foundBad;
    private volatile String error;

    public VerifyRun(String runUuid, VerifyPolicy policy, String triggeredBy, boolean dryRun, Bandwidth readLimit) {
        this.runUuid = runUuid;
        this.policy = policy;
        this.triggeredBy = triggeredBy;
        this.dryRun = dryRun;
        this.readLimit = readLimit;
    }

    public void countCopy(String storeUuid) {
        copies.incrementAndGet();
        storesSeen.putIfAbsent(storeUuid, Boolean.TRUE);
    }

    public void countSkipped() { skipped.incrementAndGet(); }
    public void countRead(long readBytes) { verified.incrementAndGet(); bytes.addAndGet(readBytes); }
    public void countGood() { good.incrementAndGet(); }
    public void countCorrupt() { corrupt.incrementAndGet(); foundBad = true; }
    public void countMissing() { missing.incrementAndGet(); foundBad = true; }
    public void countUnreachable() { unreachable.incrementAndGet(); foundBad = true; }
    public void countRepaired() { repaired.incrementAndGet(); }
    public void countUnrepaired() { unrepaired.incrementAndGet(); foundBad = true; }
    public void countOrphan() { orphans.incrementAndGet(); foundBad = true; }
    /** A dry run: a copy that would be read, counted with its bytes. */
    public void countWouldRead(long wouldReadBytes) { verified.incrementAndGet(); bytes.addAndGet(wouldReadBytes); }

    public void addDryRunItem(VerifyRunInventory.Item item) {
        dryRunItems.add(item);
    }

    public void failRun(String error) {
        this.error = error;
        this.foundBad = true;
    }

    /**
     * Succeeded (every copy good or repaired), CompletedWithFindings (a copy corrupt, missing, unreachable or left
     * unrepaired, or an orphan file), or Failed (the run itself could not go on).
     */
    public String outcome() {
        if (error != null) {
            return "Failed";
        }
        boolean findings = corrupt.get() + missing.get() + unreachable.get() + orphans.get() > 0;
        return findings ? "CompletedWithFindings" : "Succeeded";
    }

    public String getRunUuid() { return runUuid; }
    public VerifyPolicy getPolicy() { return policy; }
    public String getPolicyUuid() { return policy.uuid(); }
    public String getTriggeredBy() { return triggeredBy; }
    public boolean isDryRun() { return dryRun; }
    public Bandwidth getReadLimit() { return readLimit; }
    public long getStartMillis() { return startMillis; }
    public long getCopies() { return copies.get(); }
    public long getVerified() { return verified.get(); }
    public long getSkipped() { return skipped.get(); }
    public long getGood() { return good.get(); }
    public long getCorrupt() { return corrupt.get(); }
    public long getMissing() { return missing.get(); }
    public long getUnreachable() { return unreachable.get(); }
    public long getRepaired() { return repaired.get(); }
    public long getUnrepaired() { return unrepaired.get(); }
    public long getOrphans() { return orphans.get(); }
    public long getBytes() { return bytes.get(); }
    public String getError() { return error; }
    public boolean isFoundBad() { return foundBad; }
    public java.util.Set<String> getStoresSeen() { return storesSeen.keySet(); }
    public List<VerifyRunInventory.Item> getDryRunItems() { return dryRunItems; }

    /** Named parameters of select-verify-candidates.sql. */
    public Map<String, Object> getCandidateParameters() {
        return Map.of("storeUuid", policy.backupStorageUuid() == null ? "" : policy.backupStorageUuid());
    }
}
