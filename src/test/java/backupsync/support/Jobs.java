package backupsync.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import backupsync.api.Uuids;
import backupsync.support.Http.Response;

import static org.awaitility.Awaitility.await;

/** ZStack's async job protocol from the client side: PUT with X-Job-UUID, then poll the location it answers. */
public final class Jobs {
    private final Http http;

    public Jobs(Http http) {
        this.http = http;
    }

    public static String newJobUuid() {
        return Uuids.random();
    }

    /** PUT a sync as ZStack's SDK does: session, X-Job-UUID, X-JSON-Schema, plus {@code extraHeaders}. */
    public Response start(String jobUuid, String backupUuid, String body, String session, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(session == null
                ? Map.of("Content-Type", "application/json;charset=UTF-8") : Http.session(session));
        headers.put("X-Job-UUID", jobUuid);
        headers.put("X-JSON-Schema", "true");
        headers.putAll(extraHeaders);
        return http.put("/zstack/v1/database-backups/" + backupUuid + "/actions", body, headers);
    }

    public Response poll(String jobUuid, String session, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (session != null) {
            headers.put("Authorization", "OAuth " + session);
        }
        return http.get("/zstack/v1/api-jobs/" + jobUuid, headers);
    }

    public Response poll(String jobUuid, String session) {
        return poll(jobUuid, session, Map.of());
    }

    /** Polls until the job has ended (anything but 202), as the SDK does; returns the final answer. */
    public Response awaitEnd(String jobUuid, String session, Map<String, String> extraHeaders) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> poll(jobUuid, session, extraHeaders), response -> response.status() != 202);
    }

    public Response awaitEnd(String jobUuid, String session) {
        return awaitEnd(jobUuid, session, Map.of());
    }
}
