package backupsync;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.Jobs;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** ZStack's async job protocol end to end: real HTTP, real files, the real H2 database, a real web hook server. */
class JobApiTest {
    static final String BACKUP_INVENTORY = "org.zstack.header.storage.database.backup.DatabaseBackupInventory";
    static final String REF_INVENTORY = "org.zstack.header.storage.database.backup.DatabaseBackupStorageRefInventory";
    static final long SIZE = 2 * 1024 * 1024 + 5;
    static final long LARGE = 200L * 1024 * 1024;

    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static Jobs jobs;
    static String admin;
    static String tenant1;
    static String tenant2;
    static String backupOk;
    static String backupSchema;
    static String backupTwice;
    static String backupOfTenant1;
    static String backupMissingFile;
    static String backupLarge;
    static String backupHooked;
    static String backupHookRetried;
    static String backupNeverSynced;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp).drTotalCapacity(1L << 40);
        backupOk = fixture.backup("admin", SIZE);
        backupSchema = fixture.backup("admin", 1000);
        backupTwice = fixture.backup("admin", SIZE);
        backupOfTenant1 = fixture.backup("tenant1", 100);
        backupMissingFile = fixture.backup("admin", 100);
        backupLarge = fixture.backup("admin", LARGE);
        backupHooked = fixture.backup("admin", 100);
        backupHookRetried = fixture.backup("admin", 100);
        backupNeverSynced = fixture.backup("admin", 100);
        service = fixture.service().with("backupsync.jobs.webhook-backoff", "50").start();
        http = new Http(service.baseUrl());
        jobs = new Jobs(http);
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        tenant1 = http.login("tenant1", sha512("secret1"));
        tenant2 = http.login("tenant2", sha512("secret2"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String toDr() {
        return Http.sdkBody(fixture.primaryUuid, fixture.drUuid);
    }

    @Test
    void jobAnswers202ThenThePollGivesTheInventoryAndTheBytesAreCopied() throws Exception {
        String job = Jobs.newJobUuid();
        Response accepted = jobs.start(job, backupOk, toDr(), admin, Map.of());

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().get("location").asText()).isEqualTo(service.baseUrl() + "/zstack/v1/api-jobs/" + job);
        assertThat(accepted.json().get("apiTimeout").asLong()).isEqualTo(10_800_000L);

        Response done = jobs.awaitEnd(job, admin);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        JsonNode inventory = done.json().get("inventory");
        assertThat(inventory.get("uuid").asText()).isEqualTo(backupOk);
        assertThat(inventory.get("backupStorageRefs")).hasSize(2);
        assertThat(Files.mismatch(fixture.onPrimary(backupOk), fixture.onDr(backupOk))).isEqualTo(-1L);
        // Asked with X-JSON-Schema (the SDK always asks): the poll carries the schema map.
        assertThat(done.json().get("schema").get("inventory").asText()).isEqualTo(BACKUP_INVENTORY);
        assertThat(jobRow(job).get("STATE")).isEqualTo("Done");
    }

    @Test
    void aJobStillProcessingAnswers202AndAnEmptyObject() {
        // A job another node is running: its row says Processing; this node answers from the database alone.
        String job = Jobs.newJobUuid();
        service.jdbc().update("""
                INSERT INTO AsyncRestVO (uuid, state, sessionUuid, apiTimeout, deadline, nodeId)
                VALUES (:uuid, 'Processing', :session, 60000, :deadline, 'another-node')""",
                Map.of("uuid", job, "session", admin, "deadline", java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(3600))));

        Response running = jobs.poll(job, admin);

        assertThat(running.status()).isEqualTo(202);
        assertThat(running.text()).isEqualTo("{}");
    }

    @Test
    void everyErrorClassReachesThePollAsA503ErrorCode() throws Exception {
        assertJobFails(backupOk, "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"not-a-uuid\",\"dstBackupStorageUuid\":\"%s\"}}"
                .formatted(fixture.drUuid), admin, admin, Map.of(), "SYS.1007");
        assertJobFails(backupOk, "{not json", admin, admin, Map.of(), "SYS.1007");
        assertJobFails(backupOk, toDr(), admin, admin, Map.of("X-API-Timeout", "soon"), "SYS.1007");
        assertJobFails(backupOk, toDr(), admin, admin, Map.of("X-Web-Hook", "file:///etc/passwd"), "SYS.1007");
        // No Authorization at all: the job records ID.1001; only an admin session may read a job without a session.
        assertJobFails(backupOk, toDr(), null, admin, Map.of(), "ID.1001");
        String unknownSession = Jobs.newJobUuid();
        assertJobFails(backupOk, toDr(), unknownSession, admin, Map.of(), "ID.1001");
        assertJobFails(backupOfTenant1, toDr(), tenant2, tenant2, Map.of(), "ID.1002");
        assertJobFails(Jobs.newJobUuid(), toDr(), admin, admin, Map.of(), "SYS.1003");

        Files.delete(fixture.onPrimary(backupMissingFile));
        JsonNode ioError = assertJobFails(backupMissingFile, toDr(), admin, admin, Map.of(), "SYS.1016");
        assertThat(ioError.get("details").asText()).contains("missing on source backup storage");
        assertThat(refRows(backupMissingFile, fixture.drUuid)).isZero();
        assertThat(Fixture.filesUnder(fixture.dr)).noneMatch(file -> file.getFileName().toString().contains(backupMissingFile));
    }

    private JsonNode assertJobFails(String backupUuid, String body, String session, String pollSession,
                                    Map<String, String> headers, String code) {
        String job = Jobs.newJobUuid();
        Response accepted = jobs.start(job, backupUuid, body, session, headers);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        Response failed = jobs.awaitEnd(job, pollSession);
        assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
        assertThat(failed.error().get("code").asText()).as(failed.toString()).isEqualTo(code);
        assertThat(failed.error().get("description").asText()).isNotBlank();
        assertThat(failed.text()).doesNotContain("Exception");
        return failed.error();
    }

    @Test
    void aBadJobUuidIsRefusedAtOnceAndRecordsNothing() {
        Integer jobsBefore = service.jdbc().queryForObject("SELECT COUNT(*) FROM AsyncRestVO", Map.of(), Integer.class);
        for (String bad : List.of("", "123", Jobs.newJobUuid().toUpperCase(), Jobs.newJobUuid() + "0", "../../x")) {
            Response refused = jobs.start(bad, backupNeverSynced, toDr(), admin, Map.of());
            assertThat(refused.status()).as("X-Job-UUID '%s': %s", bad, refused).isEqualTo(400);
            assertThat(refused.error().get("code").asText()).isEqualTo("SYS.1007");
        }
        assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM AsyncRestVO", Map.of(), Integer.class))
                .isEqualTo(jobsBefore);
        assertThat(refRows(backupNeverSynced, fixture.drUuid)).isZero();
    }

    @Test
    void theSameJobUuidTwiceRunsOnce() throws Exception {
        Long capacityBefore = availableCapacity(fixture.drUuid);
        String job = Jobs.newJobUuid();

        Response first = jobs.start(job, backupTwice, toDr(), admin, Map.of());
        Response retry = jobs.start(job, backupTwice, toDr(), admin, Map.of());
        Response done = jobs.awaitEnd(job, admin);
        Response lateRetry = jobs.start(job, backupTwice, toDr(), admin, Map.of("X-API-Timeout", "5"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(lateRetry.text()).isEqualTo(first.text());
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(jobs.poll(job, admin).text()).isEqualTo(done.text());
        assertThat(refRows(backupTwice, fixture.drUuid)).isEqualTo(1);
        // Each committed copy consumes the destination's capacity: once means one copy.
        assertThat(availableCapacity(fixture.drUuid)).isEqualTo(capacityBefore - SIZE);
        assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM AsyncRestVO WHERE uuid = :u",
                Map.of("u", job), Integer.class)).isEqualTo(1);
    }

    @Test
    void onlyTheStartingSessionOrAnAdminReadsAJob() {
        String job = Jobs.newJobUuid();
        jobs.start(job, backupOfTenant1, Http.sdkBody(fixture.primaryUuid, fixture.thirdUuid), tenant1, Map.of());
        assertThat(jobs.awaitEnd(job, tenant1).status()).isEqualTo(200);

        Response otherAccount = jobs.poll(job, tenant2);
        assertThat(otherAccount.status()).isEqualTo(503);
        assertThat(otherAccount.error().get("code").asText()).isEqualTo("ID.1002");
        assertThat(otherAccount.text()).doesNotContain("inventory");

        Response invalidSession = jobs.poll(job, Jobs.newJobUuid());
        assertThat(invalidSession.status()).isEqualTo(503);
        assertThat(invalidSession.error().get("code").asText()).isEqualTo("ID.1001");

        Response noSession = jobs.poll(job, null);
        assertThat(noSession.status()).isEqualTo(400);
        assertThat(noSession.error().get("code").asText()).isEqualTo("ID.1001");

        assertThat(jobs.poll(job, admin).status()).isEqualTo(200);
    }

    @Test
    void unknownJobsAre404AndOtherMethodsAre405() {
        Response unknown = jobs.poll(Jobs.newJobUuid(), admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error().get("code").asText()).isEqualTo("SYS.1003");
        Response notAUuid = jobs.poll("nope", admin);
        assertThat(notAUuid.status()).isEqualTo(404);
        assertThat(notAUuid.error().get("code").asText()).isEqualTo("SYS.1003");

        Response delete = http.send("DELETE", "/zstack/v1/api-jobs/" + Jobs.newJobUuid(), null, Http.session(admin));
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.raw().headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void schemaMapsForSyncPollLoginAndQuery() {
        Map<String, String> schema = Map.of("X-JSON-Schema", "true");

        // Job asked without X-JSON-Schema: the poll carries the map only when the poll asks for it.
        String job = Jobs.newJobUuid();
        Map<String, String> plain = new java.util.HashMap<>(Http.session(admin));
        plain.put("X-Job-UUID", job);
        assertThat(http.put("/zstack/v1/database-backups/" + backupSchema + "/actions", toDr(), plain).status()).isEqualTo(202);
        Response withoutSchema = jobs.awaitEnd(job, admin);
        assertThat(withoutSchema.status()).as(withoutSchema.toString()).isEqualTo(200);
        assertThat(withoutSchema.json().has("schema")).isFalse();
        JsonNode pollSchema = jobs.poll(job, admin, schema).json().get("schema");
        assertThat(pollSchema.get("inventory").asText()).isEqualTo(BACKUP_INVENTORY);
        assertThat(pollSchema.get("inventory.backupStorageRefs[0]").asText()).isEqualTo(REF_INVENTORY);
        assertThat(pollSchema.get("inventory.backupStorageRefs[1]").asText()).isEqualTo(REF_INVENTORY);

        // Synchronous call (no X-Job-UUID) with X-JSON-Schema: answered at once, with the map.
        Map<String, String> sync = new java.util.HashMap<>(Http.session(admin));
        sync.putAll(schema);
        Response syncAnswer = http.put("/zstack/v1/database-backups/" + backupSchema + "/actions",
                Http.sdkBody(fixture.primaryUuid, fixture.thirdUuid), sync);
        assertThat(syncAnswer.status()).isEqualTo(200);
        assertThat(syncAnswer.json().get("schema").get("inventory.backupStorageRefs[2]").asText()).isEqualTo(REF_INVENTORY);

        Response login = http.put("/zstack/v1/accounts/login",
                "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"%s\"}}".formatted(Http.ADMIN_PASSWORD_SHA512),
                Map.of("Content-Type", "application/json;charset=UTF-8", "X-JSON-Schema", "true"));
        assertThat(login.json().get("schema").get("inventory").asText()).isEqualTo("org.zstack.header.identity.SessionInventory");

        Response query = http.get("/zstack/v1/database-backups/" + backupSchema, Http.session(admin));
        assertThat(query.json().get("schema").get("inventories[0]").asText()).isEqualTo(BACKUP_INVENTORY);
        assertThat(query.json().get("schema").get("inventories[0].backupStorageRefs[0]").asText()).isEqualTo(REF_INVENTORY);
    }

    @Test
    void aJobPastItsApiTimeoutFailsWithSys1001AndLeavesNothingBehind() throws Exception {
        String job = Jobs.newJobUuid();
        Response accepted = jobs.start(job, backupLarge, toDr(), admin, Map.of("X-API-Timeout", "50"));
        assertThat(accepted.json().get("apiTimeout").asLong()).isEqualTo(50L);

        Response timedOut = jobs.awaitEnd(job, admin);

        assertThat(timedOut.status()).as(timedOut.toString()).isEqualTo(503);
        assertThat(timedOut.error().get("code").asText()).isEqualTo("SYS.1001");
        // The cancelled copy cleans up after itself: no temporary file, no Creating ref, no published file.
        await().until(() -> refRows(backupLarge, fixture.drUuid) == 0
                && Fixture.filesUnder(fixture.dr).stream().noneMatch(file -> file.getFileName().toString().contains(backupLarge)));
        // The backup is not left locked: the same sync without a timeout goes through.
        String retry = Jobs.newJobUuid();
        jobs.start(retry, backupLarge, toDr(), admin, Map.of());
        Response done = jobs.awaitEnd(retry, admin);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(Files.mismatch(fixture.onPrimary(backupLarge), fixture.onDr(backupLarge))).isEqualTo(-1L);
        assertThat(jobs.poll(job, admin).error().get("code").asText()).isEqualTo("SYS.1001");
    }

    @Test
    void theWebHookHearsTheResultWithTheJobUuid() throws Exception {
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        HttpServer hook = webHookServer(deliveries, 0);
        try {
            String job = Jobs.newJobUuid();
            jobs.start(job, backupHooked, toDr(), admin, Map.of("X-Web-Hook", hookUrl(hook)));

            await().until(() -> deliveries.size() == 1);
            Delivery delivery = deliveries.get(0);
            assertThat(delivery.headers().getFirst("X-Job-UUID")).isEqualTo(job);
            assertThat(delivery.headers().getFirst("X-Job-Success")).isEqualTo("true");
            JsonNode body = Http.JSON.readTree(delivery.body());
            assertThat(body.get("jobUuid").asText()).isEqualTo(job);
            assertThat(body.get("inventory").get("uuid").asText()).isEqualTo(backupHooked);
            Response polled = jobs.poll(job, admin);
            assertThat(body.get("inventory")).isEqualTo(polled.json().get("inventory"));
            assertThat(body.get("schema")).isEqualTo(polled.json().get("schema"));

            String failing = Jobs.newJobUuid();
            jobs.start(failing, Jobs.newJobUuid(), toDr(), admin, Map.of("X-Web-Hook", hookUrl(hook)));
            await().until(() -> deliveries.size() == 2);
            assertThat(deliveries.get(1).headers().getFirst("X-Job-Success")).isEqualTo("false");
            assertThat(Http.JSON.readTree(deliveries.get(1).body()).get("error").get("code").asText()).isEqualTo("SYS.1003");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aWebHookThatFailsIsTriedAgain() throws Exception {
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        HttpServer hook = webHookServer(deliveries, 2);
        try {
            String job = Jobs.newJobUuid();
            jobs.start(job, backupHookRetried, toDr(), admin, Map.of("X-Web-Hook", hookUrl(hook)));

            await().until(() -> deliveries.size() == 3);
            assertThat(deliveries).extracting(Delivery::body).containsOnly(deliveries.get(0).body());
            assertThat(deliveries.get(2).headers().getFirst("X-Job-UUID")).isEqualTo(job);
        } finally {
            hook.stop(0);
        }
    }

    record Delivery(Headers headers, String body) {
    }

    /** A web hook receiver on loopback that refuses its first {@code failures} deliveries with HTTP 500. */
    private static HttpServer webHookServer(List<Delivery> deliveries, int failures) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger seen = new AtomicInteger();
        server.createContext("/hook", exchange -> {
            deliveries.add(new Delivery(exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(seen.incrementAndGet() <= failures ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String hookUrl(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    static Map<String, Object> jobRow(String job) {
        return service.jdbc().queryForMap("SELECT * FROM AsyncRestVO WHERE uuid = :u", Map.of("u", job));
    }

    static int refRows(String backupUuid, String storageUuid) {
        return service.jdbc().queryForObject(
                "SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b AND backupStorageUuid = :s",
                Map.of("b", backupUuid, "s", storageUuid), Integer.class);
    }

    static Long availableCapacity(String storageUuid) {
        return service.jdbc().queryForObject("SELECT availableCapacity FROM BackupStorageVO WHERE uuid = :u",
                Map.of("u", storageUuid), Long.class);
    }

    static String sha512(String clear) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512")
                .digest(clear.getBytes(StandardCharsets.UTF_8)));
    }
}
