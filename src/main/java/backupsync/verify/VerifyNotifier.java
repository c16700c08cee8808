package backupsync.verify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import backupsync.api.ZStackJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web hook of a verify policy (or a replication policy's RPO alarm), in the style of X-Web-Hook: the report is
 * POSTed as JSON with a header naming what it is about; a 2xx ends the delivery, anything else is tried again after a
 * back-off that doubles, a bounded number of times. Redirects are not followed; nothing here blocks the run.
 */
public class VerifyNotifier {
    public static final String SUBJECT_HEADER = "X-Backup-Sync-Event";
    public static final String RUN_HEADER = "X-Verify-Run-UUID";
    private static final Logger LOG = LoggerFactory.getLogger(VerifyNotifier.class);

    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final int attempts;
    private final long firstBackoffMs;
    private final Duration timeout;

    public VerifyNotifier(ScheduledExecutorService scheduler, int attempts, long firstBackoffMs, long timeoutMs) {
        this.scheduler = scheduler;
        this.attempts = attempts;
        this.firstBackoffMs = firstBackoffMs;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @param event what happened ({@code verify.badCopies}, {@code replication.rpoExceeded}); @param subject its uuid */
    public void notify(String url, String event, String subject, Object body) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", ZStackJson.CONTENT_TYPE)
                    .header(SUBJECT_HEADER, event)
                    .header(RUN_HEADER, subject)
                    .POST(HttpRequest.BodyPublishers.ofString(ZStackJson.write(body)))
                    .build();
        } catch (IllegalArgumentException badUrl) {
            LOG.warn("{} {}: web hook {} is not a URL: {}", event, subject, url, badUrl.getMessage());
            return;
        }
        attempt(event, subject, request, 1);
    }

    private void attempt(String event, String subject, HttpRequest request, int attempt) {
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                LOG.info("{} {}: web hook {} answered {}", event, subject, request.uri(), response.statusCode());
                return;
            }
            String problem = failure != null ? failure.toString() : "HTTP " + response.statusCode();
            if (attempt >= attempts) {
                LOG.warn("{} {}: web hook {} failed {} times, giving up; last: {}", event, subject, request.uri(), attempt, problem);
                return;
            }
            long backoff = firstBackoffMs << (attempt - 1);
            try {
                scheduler.schedule(() -> attempt(event, subject, request, attempt + 1), backoff, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                LOG.info("{} {}: web hook {} not tried again, the service is stopping", event, subject, request.uri());
            }
        });
    }
}
