package backupsync.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.auth.Caller;
import backupsync.auth.SessionService;
import backupsync.http.HttpResponses;
import backupsync.http.OAuthSession;
import backupsync.http.RequestParts;
import org.apache.camel.Exchange;

/**
 * {@code GET /zstack/v1/api-jobs/{uuid}}: 202 {} while the job runs, then the answer a synchronous call would have
 * given (200 {"inventory": ...}) or 503 {"error": ...}; 404 for an unknown or expired job. A job is read by the
 * session that started it or by an admin session; any other valid session gets ID.1002 (HTTP 503, so ZStack's SDK
 * reports the code), an invalid one ID.1001.
 */
public class SyncJobPolls {
    private static final Pattern JOB_PATH = Pattern.compile("^" + Pattern.quote(SyncJobDoor.JOBS_PATH) + "([^/]+)/?$");
    private final SyncJobStore store;
    private final SessionService sessions;
    private final SyncJobCleanup cleanup;

    public SyncJobPolls(SyncJobStore store, SessionService sessions, SyncJobCleanup cleanup) {
        this.store = store;
        this.sessions = sessions;
        this.cleanup = cleanup;
    }

    /** Step "answerJobPoll". */
    public void answerPoll(Exchange exchange) {
        HttpResponses.noteSchemaRequest(exchange);
        Caller caller = sessions.authenticate(OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization")));
        String uuid = jobUuid(exchange);
        StoredJob job = (Uuids.isValid(uuid) ? store.find(uuid) : Optional.<StoredJob>empty())
                .filter(found -> !found.isDone() || found.lastOpDate().isAfter(cleanup.expiredBefore()))
                .orElseThrow(() -> new ApiException(ZStackError.RESOURCE_NOT_FOUND,
                        "job[uuid:%s] not found; it may have expired".formatted(shorten(uuid)), 404));
        if (!caller.isAdmin() && !caller.sessionUuid().equals(job.sessionUuid())) {
            throw new ApiException(ZStackError.PERMISSION_DENIED,
                    "operation denied. The job[uuid: %s] was started by another session".formatted(uuid));
        }
        if (!job.isDone()) {
            HttpResponses.write(exchange, 202, Map.of());
            return;
        }
        HttpResponses.write(exchange, job.resultStatus(), JobReplies.shaped(job.result(),
                job.wantsSchema() || HttpResponses.wantsSchema(exchange), Map.of()));
    }

    private static String jobUuid(Exchange exchange) {
        String path = RequestParts.path(exchange);
        Matcher matcher = path == null ? null : JOB_PATH.matcher(path);
        return matcher != null && matcher.matches() ? matcher.group(1) : null;
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
