package backupsync.jobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import backupsync.api.ZStackJson;
import backupsync.http.RestSyncDoor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X-Web-Hook: when a job ends, its answer is POSTed to the URL the request named, as ZStack's server does: headers
 * X-Job-UUID and X-Job-Success (what ZStack's SDK reads in ZSClient.webHookCallback), body = the poll's body plus
 * "jobUuid". A 2xx answer ends the delivery; otherwise it is tried again after a back-off that doubles, a bounded
 * number of times. Redirects are not followed. Nothing here blocks the job: deliveries run on the scheduler.
 * Until a 2xx or the last attempt, AsyncRestVO says this node owes the delivery, so a node that stops in between
 * sends it again at its next start ({@link SyncJobCleanup#resendOwedWebHooks}): at least once, as a lost hook
 * would leave a client that waits for it waiting forever.
 */
public class WebHooks {
    private static final Logger LOG = LoggerFactory.getLogger(WebHooks.class);
    public static final String JOB_SUCCESS_HEADER = "X-Job-Success";

    private final HttpClient client;
    private final SyncJobStore store;
    private final ScheduledExecutorService scheduler;
    private final int attempts;
    private final long firstBackoffMs;
    private final Duration timeout;

    public WebHooks(SyncJobStore store, ScheduledExecutorService scheduler, int attempts, long firstBackoffMs,
                    long timeoutMs) {
        this.store = store;
        this.scheduler = scheduler;
        this.attempts = attempts;
        this.firstBackoffMs = firstBackoffMs;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void deliver(SyncJob job, int status, String storedBody) {
        if (job.getWebHook() == null) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(job.getWebHook()))
                .timeout(timeout)
                .header("Content-Type", ZStackJson.CONTENT_TYPE)
                .header(RestSyncDoor.JOB_UUID_HEADER, job.getUuid())
                .header(JOB_SUCCESS_HEADER, Boolean.toString(status == JobReplies.SUCCEEDED))
                .POST(HttpRequest.BodyPublishers.ofString(ZStackJson.write(
                        JobReplies.shaped(storedBody, job.isWantsSchema(), Map.of("jobUuid", job.getUuid())))))
                .build();
        attempt(job.getUuid(), request, 1);
    }

    private void attempt(String jobUuid, HttpRequest request, int attempt) {
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                LOG.info("job {}: web hook {} answered {}", jobUuid, request.uri(), response.statusCode());
                settle(jobUuid);
                return;
            }
            String problem = failure != null ? failure.toString() : "HTTP " + response.statusCode();
            if (attempt >= attempts) {
                LOG.warn("job {}: web hook {} failed {} times, giving up; last: {}", jobUuid, request.uri(), attempt, problem);
                settle(jobUuid);
                return;
            }
            long backoff = firstBackoffMs << (attempt - 1);
            LOG.info("job {}: web hook {} failed ({}); attempt {} in {} ms", jobUuid, request.uri(), problem,
                    attempt + 1, backoff);
            try {
                scheduler.schedule(() -> attempt(jobUuid, request, attempt + 1), backoff, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                LOG.info("job {}: web hook {} not tried again, the service is stopping; it is sent at the next start",
                        jobUuid, request.uri());
            }
        });
    }

    private void settle(String jobUuid) {
        try {
            store.webHookSettled(jobUuid);
        } catch (RuntimeException e) {
            // The database is away: the row still says owed, and the next start sends the hook once more.
            LOG.warn("job {}: web hook settled but not recorded: {}", jobUuid, e.toString());
        }
    }
}
