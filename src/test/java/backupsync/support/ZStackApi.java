package backupsync.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A client of ZStack's RPC API written from reading zstack-utility's apibinding/api.py (Api.async_call_wait_for_complete,
 * which zstack-cli uses for every command) and zstacklib's http.py: the URLs it builds ({@code build_url} ends them with
 * '/': POST {@code /zstack/api/}, GET {@code /zstack/api/result/<uuid>}), the body {@code {FULL_NAME: msg}} with the
 * fields that are None left out and {@code session} always set ({@code {}} before a login), Content-Type
 * application/json, then: state Done answers at once; otherwise poll every {@code interval} until state is Done, and
 * read the first (only) entry of the result, (name, event).
 */
public final class ZStackApi {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String apiUrl;
    private final String resultUrl;
    private final Duration interval;

    public ZStackApi(String host, int port) {
        this(host, port, Duration.ofMillis(50));
    }

    public ZStackApi(String host, int port, Duration interval) {
        this.apiUrl = "http://%s:%d/zstack/api/".formatted(host, port);
        this.resultUrl = "http://%s:%d/zstack/api/result/".formatted(host, port);
        this.interval = interval;
    }

    /** What the client ends with: the event's class name and the event; the last RestAPIResponse; the first one. */
    public record Answer(String name, JsonNode event, JsonNode response, JsonNode firstResponse) {
        public boolean success() {
            return event.path("success").asBoolean(false);
        }

        public String errorCode() {
            return event.path("error").path("code").asText(null);
        }
    }

    /** The HTTP status and body of one request, for the tests that look at the wire. */
    public record Raw(int status, String body) {
        public JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** async_call_wait_for_complete(apicmd) after set_session_to_api_message(apicmd, session). */
    public Answer call(String fullName, Map<String, Object> fields, String session) {
        Map<String, Object> message = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (value != null) {
                message.put(key, value);
            }
        });
        Map<String, Object> sessionObject = new LinkedHashMap<>();
        if (session != null) {
            sessionObject.put("uuid", session);
        }
        message.put("session", sessionObject);
        // api.py waits as long as the message's own timeout; without one (or -1), 30 minutes.
        long timeoutMs = fields.get("timeout") instanceof Number n && n.longValue() > 0 ? n.longValue() : 1_800_000L;
        Raw posted = post(write(Map.of(fullName, message)));
        JsonNode first = posted.json();
        AtomicReference<JsonNode> last = new AtomicReference<>(first);
        if (!done(first)) {
            try {
                await().pollDelay(interval).pollInterval(interval).atMost(Duration.ofMillis(timeoutMs))
                        .until(() -> done(last.updateAndGet(previous -> poll(first.path("uuid").asText()).json())));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("API call[%s] timeout after %dms".formatted(fullName, timeoutMs));
            }
        }
        JsonNode response = last.get();
        JsonNode result = read(response.path("result").asText());
        Map.Entry<String, JsonNode> only = result.fields().next();
        return new Answer(only.getKey(), only.getValue(), response, first);
    }

    /** Api.login_as_admin with a password: the SHA-512 hex of it, as zstack-cli sends it. */
    public String logIn(String accountName, String clearPassword) {
        Answer answer = call("org.zstack.header.identity.APILogInByAccountMsg",
                Map.of("accountName", accountName, "password", sha512(clearPassword), "timeout", 15000), null);
        if (!answer.success()) {
            throw new AssertionError("Cannot login as " + accountName + ": " + answer.event());
        }
        return answer.event().path("inventory").path("uuid").asText();
    }

    public Raw post(String body) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Raw poll(String uuid) {
        return send(HttpRequest.newBuilder(URI.create(resultUrl + uuid)).GET());
    }

    public static String sha512(String clear) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(clear.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Raw send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
            return new Raw(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String write(Object value) {
        try {
            return Http.JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("result is not JSON: " + text, e);
        }
    }

    private static boolean done(JsonNode response) {
        return "Done".equals(response.path("state").asText());
    }
}
