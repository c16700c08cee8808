package backupsync.jobs;

import java.util.concurrent.ScheduledFuture;

import backupsync.api.ApiException;
import backupsync.pipeline.CopyCancellation;

/**
 * One asynchronous sync as this node knows it while it runs (exchange property {@value #PROPERTY}). What must
 * survive the process lives in AsyncRestVO; this only carries what the running job needs.
 */
public final class SyncJob {
    public static final String PROPERTY = "syncJob";

    private final String uuid;
    private final long apiTimeoutMs;
    private final String webHook;
    private final boolean wantsSchema;
    /** A problem with the job's own headers: the job is recorded and then fails with it, so the SDK sees the code. */
    private final ApiException rejection;
    private final CopyCancellation cancellation = new CopyCancellation();
    private volatile boolean started;
    private volatile ScheduledFuture<?> clock;

    public SyncJob(String uuid, long apiTimeoutMs, String webHook, boolean wantsSchema, ApiException rejection) {
        this.uuid = uuid;
        this.apiTimeoutMs = apiTimeoutMs;
        this.webHook = webHook;
        this.wantsSchema = wantsSchema;
        this.rejection = rejection;
    }

    public String getUuid() { return uuid; }
    public long getApiTimeoutMs() { return apiTimeoutMs; }
    public String getWebHook() { return webHook; }
    public boolean isWantsSchema() { return wantsSchema; }
    public ApiException getRejection() { return rejection; }
    public CopyCancellation getCancellation() { return cancellation; }

    /** True when this request created the job; false when it repeated an X-Job-UUID already known. */
    public boolean isStarted() { return started; }
    void setStarted(boolean started) { this.started = started; }

    void setClock(ScheduledFuture<?> clock) { this.clock = clock; }

    /** The job ended: its X-API-Timeout no longer applies. */
    void stopClock() {
        ScheduledFuture<?> running = clock;
        if (running != null) {
            running.cancel(false);
        }
    }
}
