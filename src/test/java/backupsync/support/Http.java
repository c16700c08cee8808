package backupsync.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP against the running service, as ZStack's clients speak it. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String ADMIN_PASSWORD_SHA512 =
            "b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;

    public Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Response(int status, String text, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text, e);
            }
        }

        public JsonNode error() {
            return json().get("error");
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Response put(String path, String body, Map<String, String> headers) {
        return send("PUT", path, body, headers);
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, null, headers);
    }

    /** LogInByAccount with the SHA-512 of the password, as ZStack's clients send it; returns the session uuid. */
    public String login(String accountName, String passwordSha512) {
        Response response = put("/zstack/v1/accounts/login",
                "{\"logInByAccount\":{\"accountName\":\"%s\",\"password\":\"%s\"}}".formatted(accountName, passwordSha512),
                Map.of("Content-Type", "application/json;charset=UTF-8"));
        if (response.status() != 200) {
            throw new AssertionError("login failed: " + response);
        }
        return response.json().get("inventory").get("uuid").asText();
    }

    public static Map<String, String> session(String sessionUuid) {
        return Map.of("Authorization", "OAuth " + sessionUuid, "Content-Type", "application/json;charset=UTF-8");
    }

    /** The body of the published page's curl example, verbatim in shape. */
    public static String publishedBody(String src, String dst) {
        return "{\"syncdatabasebackupfromimagestorebackupstorage\":{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\"},\"systemTags\":[\"<systemTags>\"],\"userTags\":[\"<userTags>\"]}"
                .formatted(src, dst);
    }

    /** The body ZStack's Java SDK sends: camelCase action key, tags inside. */
    public static String sdkBody(String src, String dst) {
        return "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\",\"systemTags\":[],\"userTags\":[\"sdk\"],\"requestIp\":\"127.0.0.1\"}}"
                .formatted(src, dst);
    }

    /** The value of the line of /observe/metrics (Prometheus text) that starts with {@code prefix}; 0 when none does. */
    public static double metric(String metrics, String prefix) {
        return metrics.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim())).findFirst().orElse(0.0);
    }
}
