package backupsync.jobs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.http.HttpResponses;
import backupsync.http.OAuthSession;
import backupsync.http.RestSyncDoor;
import backupsync.pipeline.CopyCancellation;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The job door: a sync that carries {@code X-Job-UUID} is recorded in AsyncRestVO and answered at once with 202
 * and the location to poll, as ZStack's own server does. Only a bad X-Job-UUID is refused on the spot (400):
 * without it there is no job to report through. Every other problem (bad body, bad session, bad X-API-Timeout
 * or X-Web-Hook) is reported through the job, where ZStack's SDK reads ErrorCodes.
 */
public class SyncJobDoor {
    public static final String API_TIMEOUT_HEADER = "X-API-Timeout";
    public static final String WEB_HOOK_HEADER = "X-Web-Hook";
    public static final String JOBS_PATH = "/zstack/v1/api-jobs/";
    /** Set by the RPC door (backupsync.rpc): the ZStack message class a job answers, recorded with the request. */
    public static final String API_MESSAGE_NAME_PROPERTY = "zstackApiMessageName";
    /** A year: anything longer is a mistake, and would overflow the deadline arithmetic long before it mattered. */
    private static final long MAX_API_TIMEOUT_MS = 365L * 24 * 3600 * 1000;
    private static final int MAX_WEB_HOOK_LENGTH = 2048;
    private static final int MAX_REQUEST_DATA = 1048576;
    /** host, host:port, [v6]:port; anything else in Host is not echoed back into a URL. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    private final SyncJobStore store;
    private final long defaultApiTimeoutMs;
    private final int serverPort;

    public SyncJobDoor(SyncJobStore store, long defaultApiTimeoutMs, int serverPort) {
        this.store = store;
        this.defaultApiTimeoutMs = defaultApiTimeoutMs;
        this.serverPort = serverPort;
    }

    /** Step "acceptSyncJob": records the job once per X-Job-UUID and prepares the exchange the background runs. */
    public void acceptJob(Exchange exchange) {
        Message message = exchange.getMessage();
        String uuid = message.getHeader(RestSyncDoor.JOB_UUID_HEADER, String.class);
        if (!Uuids.isValid(uuid)) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "header %s must be 32 lowercase hex characters, got '%s'".formatted(RestSyncDoor.JOB_UUID_HEADER,
                            shorten(uuid)));
        }
        HttpResponses.noteSchemaRequest(exchange);
        ApiException rejection = null;
        long apiTimeout = defaultApiTimeoutMs;
        String webHook = null;
        try {
            apiTimeout = apiTimeout(message.getHeader(API_TIMEOUT_HEADER, String.class));
            webHook = webHook(message.getHeader(WEB_HOOK_HEADER, String.class));
        } catch (ApiException badHeader) {
            rejection = badHeader;
        }
        SyncJob job = new SyncJob(uuid, apiTimeout, webHook, HttpResponses.wantsSchema(exchange), rejection);

        String body = message.getBody(String.class);
        job.setStarted(store.insert(job, requestData(exchange, body), sessionOf(message)));
        exchange.setProperty(SyncJob.PROPERTY, job);
        exchange.setProperty(CopyCancellation.PROPERTY, job.getCancellation());
        // The background run records its answer with the schema map; each poll keeps it or not (JobReplies.shaped).
        message.setHeader(HttpResponses.JSON_SCHEMA_HEADER, "true");
        message.setBody(body);
    }

    /** Step "answerJobAccepted": 202 {"location": ..., "apiTimeout": ...}, the same for a repeated X-Job-UUID. */
    public void answerAccepted(Exchange exchange) {
        SyncJob job = exchange.getProperty(SyncJob.PROPERTY, SyncJob.class);
        long apiTimeout = job.isStarted() ? job.getApiTimeoutMs()
                : store.find(job.getUuid()).map(StoredJob::apiTimeout).orElse(job.getApiTimeoutMs());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("location", "http://" + addressedHost(exchange) + JOBS_PATH + job.getUuid());
        reply.put("apiTimeout", apiTimeout);
        HttpResponses.write(exchange, 202, reply);
    }

    private long apiTimeout(String header) {
        if (header == null || header.isBlank()) {
            return defaultApiTimeoutMs;
        }
        try {
            long value = Long.parseLong(header.strip());
            if (value > 0 && value <= MAX_API_TIMEOUT_MS) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, with the same message as an out-of-range value
        }
        throw new ApiException(ZStackError.INVALID_ARGUMENT, "header %s must be a number of milliseconds between 1 and %d, got '%s'"
                .formatted(API_TIMEOUT_HEADER, MAX_API_TIMEOUT_MS, shorten(header)));
    }

    private static String webHook(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (value.length() <= MAX_WEB_HOOK_LENGTH && (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException notAUri) {
            // refused below
        }
        throw new ApiException(ZStackError.INVALID_ARGUMENT,
                "header %s must be an absolute http:// or https:// URL, got '%s'".formatted(WEB_HOOK_HEADER, shorten(value)));
    }

    /** Only a well-formed session is kept: it decides who may read the job, and a malformed one never authenticates. */
    private static String sessionOf(Message message) {
        try {
            String session = OAuthSession.sessionUuid(message.getHeader("Authorization"));
            return Uuids.isValid(session) ? session : null;
        } catch (ApiException noSession) {
            return null;
        }
    }

    /**
     * What was asked, for AsyncRestVO.requestData (a record for people; the job itself runs from the request in
     * memory). Never the Authorization header. Cut to the column's size, as the body alone may fill it.
     */
    private static String requestData(Exchange exchange, String body) {
        Map<String, Object> request = new LinkedHashMap<>();
        Object apiMessageName = exchange.getProperty(API_MESSAGE_NAME_PROPERTY);
        if (apiMessageName != null) {
            request.put("apiMessageName", apiMessageName);
        }
        request.put("method", exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
        request.put("path", exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class));
        request.put("body", body);
        String data = ZStackJson.write(request);
        return data.length() <= MAX_REQUEST_DATA ? data : data.substring(0, MAX_REQUEST_DATA);
    }

    /** Host and port as the caller addressed us, so the location works through the same route (NAT, proxy). */
    private String addressedHost(Exchange exchange) {
        String host = exchange.getMessage().getHeader("Host", String.class);
        return host != null && HOST.matcher(host).matches() ? host : "127.0.0.1:" + serverPort;
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
