package backupsync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import backupsync.api.Uuids;
import backupsync.auth.PasswordHash;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus of issue 6 (docs/reliability.md): several hundred malformed or hostile requests, generated
 * here, each with the HTTP status its class must get. Every answer must be a well-formed ZStack ErrorCode without a
 * stack trace or a Java class name, and afterwards the database and the store directories must be exactly as before.
 */
class HostileInputTest {
    private static final String JSON = "application/json;charset=UTF-8";
    private static final Set<Integer> FAILED_OR_MALFORMED = Set.of(400, 503);

    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String admin;
    static String tenant1;
    static String expiredTenant2;
    static String tenant1Backup;
    static String tenant2Backup;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One hostile request and what its class must answer. HEAD answers are checked for their status only. */
    record Case(String name, String method, String path, Map<String, List<String>> headers, byte[] body,
                Set<Integer> statuses, String code) {
    }

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp);
        tenant1Backup = fixture.backup("tenant1", 4096);
        tenant2Backup = fixture.backup("tenant2", 4096);
        fixture.backup("admin", 8192);
        service = fixture.service().start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        tenant1 = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        expiredTenant2 = http.login("tenant2", PasswordHash.sha512Hex("secret2"));
        service.jdbc().update("UPDATE SessionVO SET expiredDate = :past WHERE uuid = :u",
                Map.of("past", Timestamp.from(Instant.now().minusSeconds(60)), "u", expiredTenant2));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    // ---------------------------------------------------------------- the hostile values

    static List<String> hostileStrings() {
        List<String> values = new ArrayList<>(List.of(
                // path traversal
                "../../../../etc/passwd", "..", "../", "..\\..\\windows\\system32", "%2e%2e%2f%2e%2e%2fetc",
                "/etc/passwd", "/", "C:\\Windows", "zstore://zsbak/../../etc/shadow", "....//....//etc",
                "..%00/", "\\\\server\\share",
                // SQL
                "' OR 1=1 --", "'; DROP TABLE DatabaseBackupVO; --", "x' UNION SELECT password FROM AccountVO --",
                "\" OR \"\"=\"", "1; DELETE FROM SessionVO", "%' OR '%'='",
                // unicode
                "\u202Eabc\u202D", "a\u0000b", "\u0000", "\ud83d\ude00", "\ud800", "\udfff",
                "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ", "\u200B\u200B", "\uFEFF", "ａｂｃ", "0123456789ABCDEF0123456789ABCDEF",
                // shapes that look almost right
                "", " ", "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0",
                "0123456789abcdef-0123456789abcde", "${jndi:ldap://127.0.0.1/x}", "{{camel.server.port}}",
                "#{7*7}", "<script>alert(1)</script>", "\r\nX-Injected: 1", "null", "true",
                // sizes
                "x".repeat(100 * 1024), "\ud83d\ude00".repeat(20_000)));
        return values;
    }

    /** JSON values of every wrong type for a string field. */
    static final List<String> WRONG_TYPES = List.of("42", "-1", "1e308", "true", "false", "{}", "{\"a\":\"b\"}", "[]",
            "[\"a\"]", "0.5");

    static String json(String text) {
        return Http.JSON.valueToTree(text).toString();
    }

    // ---------------------------------------------------------------- the corpus

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        String actions = "/zstack/v1/database-backups/" + tenant1Backup + "/actions";
        String src = fixture.primaryUuid;
        String dst = fixture.drUuid;

        // 1. Bodies that are not one JSON object: 400 SYS.1007, on sync and on login.
        List<String> notJson = new ArrayList<>(List.of("", " ", "\n\t  \r\n", "{", "}", "{\"a\":", "{\"a\":}",
                "[]", "[{}]", "\"text\"", "42", "true", "null", "NaN", "{\"a\":NaN}", "{\"a\":Infinity}",
                "{'a':'b'}", "{a:1}", "{\"a\":1,}", "{\"a\":1 /* comment */}", "// comment\n{}", "# hash\n{}",
                "{\"a\":01}", "{\"a\":\"\\x41\"}", "{\"a\":\"unterminated}", "{\"a\" \"b\"}", "{\"a\":1}}",
                "{\"a\":1} trailing", "{}{}", "{\"a\":1}\u0000", "\uFEFF{", "\u0000{}", "{\"a\":\"\\ud800\"",
                "<xml/>", "a=b&c=d", "--boundary\r\n"));
        String valid = Http.sdkBody(src, src);
        for (int cut = 1; cut < valid.length(); cut += 7) {
            notJson.add(valid.substring(0, cut));
        }
        notJson.add(valid + " trailing");
        notJson.add(valid + "{}");
        notJson.add(valid + "]");
        notJson.add("[" + valid + "]");
        notJson.add("[".repeat(1000) + "]".repeat(1000));
        notJson.add("{\"a\":".repeat(1000) + "1" + "}".repeat(1000));
        notJson.add("{\"" + "syncDatabaseBackupFromImageStoreBackupStorage" + "\":" + "[".repeat(1000) + "]".repeat(1000) + "}");
        for (String body : notJson) {
            cases.add(request("not JSON on sync: " + shorten(body), "PUT", actions, body, session(admin), Set.of(400), "SYS.1007"));
            cases.add(request("not JSON on login: " + shorten(body), "PUT", "/zstack/v1/accounts/login", body,
                    Map.of("Content-Type", List.of(JSON)), Set.of(400), "SYS.1007"));
        }

        // 2. Wrong JSON types for every field: 400 SYS.1007 (a null uuid: 503 SYS.1007, mandatory).
        for (String key : List.of("syncDatabaseBackupFromImageStoreBackupStorage", "syncdatabasebackupfromimagestorebackupstorage")) {
            for (String value : Stream.concat(WRONG_TYPES.stream(), Stream.of("null", "\"text\"")).toList()) {
                // An object without the mandatory fields is read, then refused by validation (503).
                cases.add(request("action %s as %s".formatted(key, value), "PUT", actions, "{\"%s\":%s}".formatted(key, value),
                        session(admin), value.startsWith("{") ? Set.of(503) : Set.of(400), "SYS.1007"));
            }
        }
        for (String field : List.of("srcBackupStorageUuid", "dstBackupStorageUuid")) {
            for (String value : WRONG_TYPES) {
                cases.add(request(field + " as " + value, "PUT", actions, syncBody(field, value, src, dst), session(admin), Set.of(400), "SYS.1007"));
            }
            cases.add(request(field + " as null", "PUT", actions, syncBody(field, "null", src, dst), session(admin), Set.of(503), "SYS.1007"));
        }
        for (String field : List.of("systemTags", "userTags")) {
            for (String value : List.of("42", "true", "{}", "\"tag\"", "[1]", "[true]", "[null]", "[{}]", "[[]]", "[\"a\",2]")) {
                // inside the action object and at the top level; src == dst, so even good tags could not sync
                cases.add(request(field + " inside as " + value, "PUT", actions,
                        "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\",\"%s\":%s}}"
                                .formatted(src, src, field, value), session(admin), Set.of(400), "SYS.1007"));
                cases.add(request(field + " top-level as " + value, "PUT", actions,
                        "{\"syncdatabasebackupfromimagestorebackupstorage\":{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\"},\"%s\":%s}"
                                .formatted(src, src, field, value), session(admin), Set.of(400), "SYS.1007"));
            }
        }
        for (String field : List.of("accountName", "password")) {
            for (String value : WRONG_TYPES) {
                cases.add(request("login " + field + " as " + value, "PUT", "/zstack/v1/accounts/login", loginBody(field, value),
                        Map.of("Content-Type", List.of(JSON)), Set.of(400), "SYS.1007"));
            }
            cases.add(request("login " + field + " as null", "PUT", "/zstack/v1/accounts/login", loginBody(field, "null"),
                    Map.of("Content-Type", List.of(JSON)), Set.of(503), "SYS.1007"));
        }
        for (String value : WRONG_TYPES) {
            cases.add(request("logInByAccount as " + value, "PUT", "/zstack/v1/accounts/login", "{\"logInByAccount\":" + value + "}",
                    Map.of("Content-Type", List.of(JSON)), value.startsWith("{") ? Set.of(503) : Set.of(400), "SYS.1007"));
        }

        // 3. Duplicate keys: refused, never guessed (400).
        cases.add(request("duplicate src", "PUT", actions,
                "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"%s\",\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\"}}"
                        .formatted(src, dst, dst), session(admin), Set.of(400), "SYS.1007"));
        cases.add(request("duplicate action key", "PUT", actions,
                "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{},\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\"}}"
                        .formatted(src, dst), session(admin), Set.of(400), "SYS.1007"));
        cases.add(request("both action spellings", "PUT", actions,
                "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{},\"syncdatabasebackupfromimagestorebackupstorage\":{}}",
                session(admin), Set.of(400), "SYS.1007"));
        cases.add(request("duplicate login password", "PUT", "/zstack/v1/accounts/login",
                "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"x\",\"password\":\"%s\"}}".formatted(Http.ADMIN_PASSWORD_SHA512),
                Map.of("Content-Type", List.of(JSON)), Set.of(400), "SYS.1007"));

        // 4. Hostile strings in every string field, the path uuid and the action keys included.
        for (String value : hostileStrings()) {
            String v = json(value);
            cases.add(request("src " + shorten(value), "PUT", actions, syncBody("srcBackupStorageUuid", v, src, dst), session(admin), Set.of(503), "SYS.1007"));
            cases.add(request("dst " + shorten(value), "PUT", actions, syncBody("dstBackupStorageUuid", v, src, dst), session(admin), Set.of(503), "SYS.1007"));
            // src == dst: a tag that passes its own checks still cannot make this request sync
            cases.add(request("systemTag " + shorten(value), "PUT", actions,
                    "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\",\"systemTags\":[%s]}}"
                            .formatted(src, src, v), session(admin), Set.of(503), "SYS.1007"));
            cases.add(request("userTag " + shorten(value), "PUT", actions,
                    "{\"syncdatabasebackupfromimagestorebackupstorage\":{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\"},\"userTags\":[%s]}"
                            .formatted(src, src, v), session(admin), Set.of(503), "SYS.1007"));
            cases.add(request("action key " + shorten(value), "PUT", actions,
                    "{%s:{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\"}}".formatted(v, src, dst),
                    session(admin), Set.of(400), "SYS.1007"));
            cases.add(request("login name " + shorten(value), "PUT", "/zstack/v1/accounts/login",
                    loginBody("accountName", v), Map.of("Content-Type", List.of(JSON)), Set.of(503), "ID.1000"));
            cases.add(request("login password " + shorten(value), "PUT", "/zstack/v1/accounts/login",
                    loginBody("password", v), Map.of("Content-Type", List.of(JSON)), Set.of(503), "ID.1000"));
            if (!value.isEmpty() && value.length() < 2048) {
                String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
                // In the path: refused by validation (503), or not a known path at all once decoded (404/405).
                cases.add(request("path uuid " + shorten(value), "PUT", "/zstack/v1/database-backups/" + encoded + "/actions",
                        Http.sdkBody(src, dst), session(admin), Set.of(503, 404, 405), null));
                cases.add(request("query path uuid " + shorten(value), "GET", "/zstack/v1/database-backups/" + encoded,
                        null, session(admin), Set.of(200, 404, 405, 503), null));
                cases.add(request("job path uuid " + shorten(value), "GET", "/zstack/v1/api-jobs/" + encoded,
                        null, session(admin), Set.of(404, 405), null));
                // In query parameters: a value is bound, never SQL (200 and no row); field, sort, limit, start: 503.
                // NUL is refused in a value (SYS.1007) on every database: PostgreSQL cannot bind it.
                boolean nul = value.indexOf('\0') >= 0;
                cases.add(request("q name value " + shorten(value), "GET", "/zstack/v1/database-backups?q=name=" + encoded,
                        null, session(admin), nul ? Set.of(503) : Set.of(200), nul ? "SYS.1007" : null));
                cases.add(request("q field " + shorten(value), "GET", "/zstack/v1/database-backups?q=" + encoded + "%3Dx",
                        null, session(admin), Set.of(503), "SYS.1007"));
                cases.add(request("sort " + shorten(value), "GET", "/zstack/v1/database-backups?sort=" + encoded,
                        null, session(admin), value.isBlank() ? Set.of(200, 503) : Set.of(503), value.isBlank() ? null : "SYS.1007"));
                cases.add(request("limit " + shorten(value), "GET", "/zstack/v1/database-backups?limit=" + encoded,
                        null, session(admin), Set.of(503), "SYS.1007"));
                cases.add(request("start " + shorten(value), "GET", "/zstack/v1/database-backups?start=" + encoded,
                        null, session(admin), Set.of(503), "SYS.1007"));
                cases.add(request("size number " + shorten(value), "GET", "/zstack/v1/database-backups?q=size%3E" + encoded,
                        null, session(admin), Set.of(503), "SYS.1007"));
            }
        }
        for (String q : List.of("%zz", "q=%", "q=name%3D%E0%A4%A", "limit=-1", "limit=99999999999", "start=-5",
                "limit=1e3", "q=", "q=name", "q=%3D%3D", "q=size%3Dabc", "q=size%3F%3D1,x")) {
            cases.add(request("query string " + q, "GET", "/zstack/v1/database-backups?" + q, null, session(admin),
                    Set.of(400, 503), "SYS.1007"));
        }

        // 5. Huge bodies: 1 MB near and over camel.server.max-body-size (1 MiB).
        String padded = "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\",\"pad\":\"%s\"}}";
        int overhead = padded.formatted(src, src, "").length();
        cases.add(request("body just under 1 MiB", "PUT", actions, padded.formatted(src, src, "x".repeat(1048576 - overhead - 1)),
                session(admin), Set.of(503), "SYS.1007"));
        cases.add(request("body at 1 MiB", "PUT", actions, padded.formatted(src, src, "x".repeat(1048576 - overhead)),
                session(admin), Set.of(503), "SYS.1007"));
        cases.add(request("body 1 byte over 1 MiB", "PUT", actions, padded.formatted(src, src, "x".repeat(1048576 - overhead + 1)),
                session(admin), Set.of(413), "SYS.1007"));
        cases.add(request("body of 3 MiB", "PUT", actions, "[" + "1,".repeat(1536 * 1024) + "1]", session(admin), Set.of(413), "SYS.1007"));
        cases.add(request("login of 2 MiB", "PUT", "/zstack/v1/accounts/login", loginBody("password", json("p".repeat(2 << 20))),
                Map.of("Content-Type", List.of(JSON)), Set.of(413), "SYS.1007"));

        // 6. Wrong methods on every path: 405 (HEAD: status only).
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(actions, "PUT");
        paths.put("/zstack/v1/accounts/login", "PUT");
        paths.put("/zstack/v1/database-backups", "GET");
        paths.put("/zstack/v1/database-backups/" + tenant1Backup, "GET");
        paths.put("/zstack/v1/database-backups/syncs/progress", "GET");
        paths.put("/zstack/v1/api-jobs/" + Uuids.random(), "GET");
        for (Map.Entry<String, String> path : paths.entrySet()) {
            for (String method : List.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE")) {
                if (!method.equals(path.getValue())) {
                    cases.add(request(method + " " + path.getKey(), method, path.getKey(),
                            Set.of("GET", "HEAD", "OPTIONS", "TRACE", "DELETE").contains(method) ? null : Http.sdkBody(src, dst),
                            session(admin), Set.of(405), method.equals("HEAD") ? null : "SYS.1007"));
                }
            }
        }
        for (String path : List.of("/zstack", "/zstack/", "/zstack/v1", "/zstack/v2/database-backups", "/zstack/v1/database-backups/a/b/c",
                "/zstack/v1/accounts", "/zstack/v1/accounts/login/x", "/zstack/v1/api-jobs", "/zstack/v1/%2e%2e/%2e%2e/etc/passwd",
                "/zstack/v1/database-backups/" + tenant1Backup + "/actions/x", "/zstack/v1/DATABASE-BACKUPS")) {
            cases.add(request("unknown path " + path, "GET", path, null, session(admin), Set.of(404), "SYS.1003"));
        }

        // 7. Wrong content types: 415; none at all is read as JSON.
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "text/xml",
                "application/xml", "text/html", "application/octet-stream", "image/png", "application/jsonp", "*/*", "garbage")) {
            String body = type.startsWith("multipart") ? "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--xyz--\r\n" : Http.sdkBody(src, dst);
            cases.add(request("sync as " + type, "PUT", actions, body, withContentType(session(admin), type), Set.of(415), "SYS.1007"));
            cases.add(request("login as " + type, "PUT", "/zstack/v1/accounts/login", body,
                    Map.of("Content-Type", List.of(type)), Set.of(415), "SYS.1007"));
        }
        Map<String, List<String>> noType = Map.of("Authorization", List.of("OAuth " + admin));
        cases.add(request("no Content-Type, bad body", "PUT", actions, "{", noType, Set.of(400), "SYS.1007"));
        cases.add(request("no Content-Type, src == dst", "PUT", actions, Http.sdkBody(src, src), noType, Set.of(503), "SYS.1007"));

        // 8. Sessions: missing or not OAuth is 400 ID.1001; an unknown, garbled or expired one 503 ID.1001;
        //    another account's backup 503 ID.1002.
        String sdkBody = Http.sdkBody(src, dst);
        List<String> notOAuth = List.of("", " ", "Bearer " + admin, "Basic YWRtaW46cGFzc3dvcmQ=", "OAuth", admin,
                "OAuth" + admin, "Digest x", "oauth2 " + admin, "Negotiate " + "A".repeat(512));
        List<String> badOAuth = new ArrayList<>(List.of("OAuth " + Uuids.random(), "OAuth x", "OAuth " + admin.toUpperCase(),
                "OAuth " + admin + "0", "OAuth " + admin.substring(1), "OAuth ' OR 1=1 --", "OAuth ../../etc/passwd",
                "OAuth " + admin + " " + admin, "OAuth " + "a".repeat(2048), "oauth " + "z".repeat(32),
                "OAuth " + expiredTenant2, "OAuth %00", "OAuth \u00e9\u00e8"));
        Map<String, String> sessionPaths = new LinkedHashMap<>();
        sessionPaths.put(actions, "PUT");
        sessionPaths.put("/zstack/v1/database-backups", "GET");
        sessionPaths.put("/zstack/v1/database-backups/" + tenant2Backup, "GET");
        sessionPaths.put("/zstack/v1/database-backups/syncs/progress", "GET");
        sessionPaths.put("/zstack/v1/api-jobs/" + Uuids.random(), "GET");
        for (Map.Entry<String, String> path : sessionPaths.entrySet()) {
            String body = path.getValue().equals("PUT") ? sdkBody : null;
            cases.add(request("no Authorization on " + path.getKey(), path.getValue(), path.getKey(), body,
                    Map.of("Content-Type", List.of(JSON)), Set.of(400), "ID.1001"));
            for (String authorization : notOAuth) {
                cases.add(request("Authorization '%s' on %s".formatted(shorten(authorization), path.getKey()), path.getValue(),
                        path.getKey(), body, Map.of("Authorization", List.of(authorization), "Content-Type", List.of(JSON)),
                        Set.of(400), "ID.1001"));
            }
            for (String authorization : badOAuth) {
                cases.add(request("Authorization '%s' on %s".formatted(shorten(authorization), path.getKey()), path.getValue(),
                        path.getKey(), body, Map.of("Authorization", List.of(authorization), "Content-Type", List.of(JSON)),
                        Set.of(503), "ID.1001"));
            }
            cases.add(request("two Authorization headers on " + path.getKey(), path.getValue(), path.getKey(), body,
                    Map.of("Authorization", List.of("OAuth " + admin, "OAuth " + tenant1), "Content-Type", List.of(JSON)),
                    Set.of(400), "ID.1001"));
        }
        cases.add(request("tenant1 syncs tenant2's backup", "PUT", "/zstack/v1/database-backups/" + tenant2Backup + "/actions",
                sdkBody, session(tenant1), Set.of(503), "ID.1002"));
        cases.add(request("tenant1 syncs tenant2's backup, lowercase key", "PUT", "/zstack/v1/database-backups/" + tenant2Backup + "/actions",
                Http.publishedBody(src, dst), session(tenant1), Set.of(503), "ID.1002"));
        cases.add(request("6 KB Authorization", "PUT", actions, sdkBody,
                Map.of("Authorization", List.of("OAuth " + "a".repeat(6 * 1024)), "Content-Type", List.of(JSON)), Set.of(503), "ID.1001"));

        // 9. X-Job-UUID garbage: 400 SYS.1007 on the spot, no job recorded.
        for (String job : List.of("", " ", "x", "../../etc", "' OR 1=1 --", Uuids.random().toUpperCase(), Uuids.random() + "0",
                Uuids.random().substring(1), "0123456789abcdef-0123456789abcde", "${jndi:x}", "a".repeat(4096), "\u00e9".repeat(32))) {
            Map<String, List<String>> headers = new LinkedHashMap<>(session(admin));
            headers.put("X-Job-UUID", List.of(job));
            cases.add(request("X-Job-UUID " + shorten(job), "PUT", actions, sdkBody, headers, Set.of(400), "SYS.1007"));
        }
        Map<String, List<String>> twoJobs = new LinkedHashMap<>(session(admin));
        twoJobs.put("X-Job-UUID", List.of(Uuids.random(), "garbage"));
        cases.add(request("two X-Job-UUID headers", "PUT", actions, sdkBody, twoJobs, Set.of(400), "SYS.1007"));

        // 10. Raw bytes in an otherwise well-formed request (invalid / overlong UTF-8): 400 or 503, an ErrorCode.
        for (byte[] raw : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xFF, (byte) 0xFE},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0x80}, new byte[] {0}, new byte[] {(byte) 0xE2, (byte) 0x82})) {
            cases.add(bytes("raw bytes in src", "PUT", actions, concat("{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"",
                    raw, "\",\"dstBackupStorageUuid\":\"" + dst + "\"}}"), session(admin), FAILED_OR_MALFORMED, "SYS.1007"));
            cases.add(bytes("raw bytes as body", "PUT", actions, raw, session(admin), Set.of(400), "SYS.1007"));
            cases.add(bytes("raw bytes in login", "PUT", "/zstack/v1/accounts/login",
                    concat("{\"logInByAccount\":{\"accountName\":\"", raw, "\",\"password\":\"x\"}}"),
                    Map.of("Content-Type", List.of(JSON)), FAILED_OR_MALFORMED, null));
        }
        cases.add(bytes("UTF-16 body", "PUT", actions, Http.sdkBody(src, dst).getBytes(StandardCharsets.UTF_16),
                session(admin), Set.of(400), "SYS.1007"));
        return cases;
    }

    // ---------------------------------------------------------------- the test

    @Test
    void everyHostileRequestGetsAnErrorCodeAndChangesNothing() throws Exception {
        // The expired session is deleted the first time it is presented: take that once before the snapshot.
        assertThat(http.get("/zstack/v1/database-backups", Http.session(expiredTenant2)).status()).isEqualTo(503);
        Map<String, Object> databaseBefore = databaseSnapshot();
        Map<String, Long> filesBefore = storeSnapshot();

        List<Case> cases = corpus();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(500);
        List<String> problems = new ArrayList<>();
        for (Case c : cases) {
            Answer answer = send(c);
            String problem = judge(c, answer);
            if (problem != null) {
                problems.add(c.name() + " -> " + problem);
            }
        }
        for (RawCase raw : rawCases()) {
            String problem = judgeRaw(raw, sendRaw(raw.request()));
            if (problem != null) {
                problems.add("raw " + raw.name() + " -> " + problem);
            }
        }
        System.out.printf("hostile corpus: %d requests over java.net.http, %d over a plain socket%n", cases.size(), rawCases().size());
        assertThat(problems).as("%d requests; these were answered wrongly", cases.size()).isEmpty();

        assertThat(databaseSnapshot()).as("the database").isEqualTo(databaseBefore);
        assertThat(storeSnapshot()).as("the store directories").isEqualTo(filesBefore);
        // The service is still well: a good request works after the corpus.
        assertThat(http.get("/zstack/v1/database-backups", Http.session(admin)).status()).isEqualTo(200);
    }

    record Answer(int status, String body) {
    }

    static Answer send(Case c) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(service.baseUrl() + c.path()))
                    .timeout(Duration.ofSeconds(30))
                    .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            c.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
            request = builder.build();
        } catch (IllegalArgumentException refusedByTheClient) {
            // A path or header java.net.http will not send: the same request over a plain socket.
            return sendRaw(rawRequest(c));
        }
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, "no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Null when the answer is right for its case, else what is wrong with it. */
    static String judge(Case c, Answer answer) {
        if (!c.statuses().contains(answer.status())) {
            return "status %d, expected %s: %s".formatted(answer.status(), c.statuses(), shorten(answer.body()));
        }
        if (c.method().equals("HEAD")) {
            return null;
        }
        if (answer.status() == 200) {
            // Only a query may answer 200, and a hostile condition must match nothing.
            JsonNode json = parse(answer.body());
            return json != null && json.path("inventories").isArray() && json.path("inventories").isEmpty() ? null
                    : "200 with rows: " + shorten(answer.body());
        }
        return errorCodeProblem(answer.body(), c.code());
    }

    static String errorCodeProblem(String body, String code) {
        for (String leak : List.of("Exception", "\tat ", "java.", "org.apache", "com.fasterxml", "io.vertx", "backupsync.")) {
            if (body.contains(leak)) {
                return "leaks '%s': %s".formatted(leak, shorten(body));
            }
        }
        JsonNode json = parse(body);
        JsonNode error = json == null ? null : json.get("error");
        if (error == null || !error.isObject()) {
            return "no ErrorCode: " + shorten(body);
        }
        for (String field : List.of("code", "description", "details", "elaboration", "opaque", "cause")) {
            if (!error.has(field)) {
                return "ErrorCode without " + field + ": " + shorten(body);
            }
        }
        if (!error.get("code").isTextual() || !error.get("description").isTextual() || error.get("description").asText().isBlank()
                || !error.get("details").isTextual() || error.get("details").asText().isBlank()) {
            return "ErrorCode with empty code/description/details: " + shorten(body);
        }
        if (code != null && !code.equals(error.get("code").asText())) {
            return "code %s, expected %s: %s".formatted(error.get("code").asText(), code, shorten(body));
        }
        return null;
    }

    // ---------------------------------------------------------------- malformed HTTP over a plain socket

    /**
     * {@code framing}: refused by Vert.x's HTTP codec before any handler runs (bad request line, header over 8 KiB, URI
     * over 4 KiB, broken chunked encoding). Vert.x answers those with an empty body (or closes the connection), and
     * the service cannot put an ErrorCode there without replacing the HTTP server: status only, and never a body that
     * leaks anything.
     */
    record RawCase(String name, byte[] request, Set<Integer> statuses, boolean framing) {
    }

    static List<RawCase> rawCases() {
        String actions = "/zstack/v1/database-backups/" + tenant1Backup + "/actions";
        String host = "Host: 127.0.0.1\r\n";
        String close = "Connection: close\r\n";
        List<RawCase> raws = new ArrayList<>();
        // Framing Vert.x itself refuses: 400, 414 (URI too long), 431 (headers too large), 501/505 (version).
        raws.add(framing("garbage request line", "HELLO\r\n\r\n", Set.of(400)));
        raws.add(framing("bad HTTP version", "GET /zstack/v1/database-backups HTTP/9.9\r\n" + host + close + "\r\n", Set.of(400, 501, 505)));
        raws.add(framing("header without colon", "GET /zstack/v1/database-backups HTTP/1.1\r\n" + host + "NoColonHere\r\n" + close + "\r\n", Set.of(400)));
        raws.add(framing("oversized header (64 KB)", "GET /zstack/v1/database-backups HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(65536)
                + "\r\n" + close + "\r\n", Set.of(400, 431)));
        raws.add(framing("oversized Authorization (10 KB)", "GET /zstack/v1/database-backups HTTP/1.1\r\n" + host + "Authorization: OAuth "
                + "a".repeat(10240) + "\r\n" + close + "\r\n", Set.of(400, 431)));
        raws.add(framing("oversized URI (64 KB)", "GET /zstack/v1/database-backups?q=" + "a".repeat(65536) + " HTTP/1.1\r\n" + host + close + "\r\n",
                Set.of(400, 414)));
        raws.add(framing("bad chunked body", "PUT " + actions + " HTTP/1.1\r\n" + host + "Authorization: OAuth " + admin
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n" + close + "\r\nZZZ\r\n{}\r\n0\r\n\r\n", Set.of(400)));
        raws.add(framing("negative Content-Length", "PUT " + actions + " HTTP/1.1\r\n" + host + "Content-Length: -5\r\n" + close + "\r\n", Set.of(400)));
        raws.add(framing("two different Content-Lengths", "PUT " + actions + " HTTP/1.1\r\n" + host + "Content-Length: 2\r\nContent-Length: 3\r\n"
                + close + "\r\n{}x", Set.of(400)));
        // Well-framed requests with hostile bytes that reach the service: an ErrorCode.
        raws.add(new RawCase("NUL in header value", concat("GET /zstack/v1/database-backups HTTP/1.1\r\n" + host + "Authorization: OAuth ",
                new byte[] {0}, "x\r\n" + close + "\r\n"), Set.of(400), true));
        raws.add(new RawCase("invalid UTF-8 in path", concat("GET /zstack/v1/database-backups/", new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF},
                " HTTP/1.1\r\n" + host + "Authorization: OAuth " + admin + "\r\n" + close + "\r\n"), Set.of(200, 400, 404), false));
        raws.add(raw("two Authorization headers", "GET /zstack/v1/database-backups HTTP/1.1\r\n" + host + "Authorization: OAuth " + admin
                + "\r\nAuthorization: OAuth " + tenant1 + "\r\n" + close + "\r\n", Set.of(400)));
        raws.add(raw("no Host header", "GET /zstack/v1/database-backups HTTP/1.1\r\nAuthorization: Bearer x\r\n" + close + "\r\n", Set.of(400)));
        raws.add(raw("HTTP/1.0, no Host", "GET /zstack/v1/no-such HTTP/1.0\r\n\r\n", Set.of(400, 404)));
        raws.add(raw("absolute-form target", "GET http://evil.example/zstack/v1/no-such HTTP/1.1\r\n" + host + close + "\r\n", Set.of(400, 404)));
        raws.add(raw("dot segments", "GET /zstack/v1/../../etc/passwd HTTP/1.1\r\n" + host + close + "\r\n", Set.of(400, 404)));
        raws.add(raw("backslashes", "GET /zstack\\v1\\database-backups HTTP/1.1\r\n" + host + close + "\r\n", Set.of(400, 404)));
        return raws;
    }

    static RawCase raw(String name, String request, Set<Integer> statuses) {
        return new RawCase(name, request.getBytes(StandardCharsets.ISO_8859_1), statuses, false);
    }

    static RawCase framing(String name, String request, Set<Integer> statuses) {
        return new RawCase(name, request.getBytes(StandardCharsets.ISO_8859_1), statuses, true);
    }

    static byte[] rawRequest(Case c) {
        StringBuilder head = new StringBuilder(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        c.headers().forEach((name, values) -> values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n")));
        byte[] body = c.body() == null ? new byte[0] : c.body();
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The status and body of one raw exchange (status -1: the server closed without an answer). */
    static Answer sendRaw(byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", service.port()), 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                out.write(request);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (IOException closedOrReset) {
                // the server closed (or reset) the connection, possibly after answering
            }
            String text = received.toString(StandardCharsets.UTF_8);
            if (!text.matches("(?s)^HTTP/\\d\\.\\d \\d{3}.*")) {
                return new Answer(-1, "no HTTP answer: " + shorten(text));
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            String head = bodyStart < 0 ? text : text.substring(0, bodyStart).toLowerCase();
            String body = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
            return new Answer(status, head.contains("transfer-encoding: chunked") ? dechunk(body) : body);
        } catch (IOException e) {
            return new Answer(-1, "no answer: " + e);
        }
    }

    static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                break;
            }
            // sizes count bytes; the test's bodies are ASCII JSON, so bytes and chars agree
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    static String judgeRaw(RawCase raw, Answer answer) {
        if (raw.framing()) {
            if (answer.status() == -1 || raw.statuses().contains(answer.status()) && answer.body().isEmpty()) {
                return null;
            }
            if (!raw.statuses().contains(answer.status())) {
                return "status %d, expected %s or a closed connection: %s".formatted(answer.status(), raw.statuses(), shorten(answer.body()));
            }
            return errorCodeProblem(answer.body(), null);
        }
        if (!raw.statuses().contains(answer.status())) {
            return "status %d, expected %s: %s".formatted(answer.status(), raw.statuses(), shorten(answer.body()));
        }
        if (answer.status() == 200) {
            JsonNode json = parse(answer.body());
            return json != null && json.path("inventories").isArray() ? null : "200 without inventories: " + shorten(answer.body());
        }
        return errorCodeProblem(answer.body(), null);
    }

    // ---------------------------------------------------------------- snapshots

    static final List<String> TABLES = List.of("AccountVO", "SessionVO", "BackupStorageEO", "ImageStoreBackupStorageVO",
            "DatabaseBackupVO", "DatabaseBackupStorageRefVO", "AccountResourceRefVO", "UserTagVO", "SystemTagVO", "AsyncRestVO");

    static Map<String, Object> databaseSnapshot() {
        Map<String, Object> snapshot = new TreeMap<>();
        for (String table : TABLES) {
            snapshot.put("count " + table, service.jdbc().queryForObject("SELECT COUNT(*) FROM " + table, Map.of(), Long.class));
        }
        snapshot.put("sessions", service.jdbc().queryForList("SELECT uuid, accountUuid, expiredDate FROM SessionVO ORDER BY uuid", Map.of()).toString());
        snapshot.put("refs", service.jdbc().queryForList("SELECT id, backupStorageUuid, databaseBackupUuid, status, installPath, exportUrl, "
                + "lastOpDate, createDate FROM DatabaseBackupStorageRefVO ORDER BY id", Map.of()).toString());
        snapshot.put("backups", service.jdbc().queryForList("SELECT uuid, name, description, size, state, status, metadata, lastOpDate, "
                + "createDate FROM DatabaseBackupVO ORDER BY uuid", Map.of()).toString());
        snapshot.put("capacity", service.jdbc().queryForList("SELECT uuid, totalCapacity, availableCapacity, state, status, lastOpDate "
                + "FROM BackupStorageEO ORDER BY uuid", Map.of()).toString());
        return snapshot;
    }

    static Map<String, Long> storeSnapshot() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        Path stores = fixture.root.resolve("stores");
        try (Stream<Path> walk = Files.walk(stores)) {
            for (Path path : walk.toList()) {
                files.put(stores.relativize(path).toString(), Files.isRegularFile(path) ? Files.size(path) : -1L);
            }
        }
        // Nothing may appear outside the stores either (a traversal would write next to them).
        try (Stream<Path> top = Files.list(fixture.root)) {
            top.forEach(path -> files.put("root:" + path.getFileName(), 0L));
        }
        return files;
    }

    // ---------------------------------------------------------------- helpers

    static Case request(String name, String method, String path, String body, Map<String, List<String>> headers,
                        Set<Integer> statuses, String code) {
        return new Case(name, method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8), statuses, code);
    }

    static Case bytes(String name, String method, String path, byte[] body, Map<String, List<String>> headers,
                      Set<Integer> statuses, String code) {
        return new Case(name, method, path, headers, body, statuses, code);
    }

    static Map<String, List<String>> session(String session) {
        return Map.of("Authorization", List.of("OAuth " + session), "Content-Type", List.of(JSON));
    }

    static Map<String, List<String>> withContentType(Map<String, List<String>> headers, String type) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.put("Content-Type", List.of(type));
        return copy;
    }

    static String syncBody(String field, String jsonValue, String src, String dst) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("srcBackupStorageUuid", json(src));
        values.put("dstBackupStorageUuid", json(dst));
        values.put(field, jsonValue);
        return "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":%s,\"dstBackupStorageUuid\":%s}}"
                .formatted(values.get("srcBackupStorageUuid"), values.get("dstBackupStorageUuid"));
    }

    static String loginBody(String field, String jsonValue) {
        String name = field.equals("accountName") ? jsonValue : "\"admin\"";
        String password = field.equals("password") ? jsonValue : "\"" + "0".repeat(128) + "\"";
        return "{\"logInByAccount\":{\"accountName\":%s,\"password\":%s}}".formatted(name, password);
    }

    static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static JsonNode parse(String body) {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static String shorten(String text) {
        String flat = text.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
        return flat.length() > 120 ? flat.substring(0, 120) + "...(" + flat.length() + ")" : flat;
    }
}
