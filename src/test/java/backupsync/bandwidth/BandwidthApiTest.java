package backupsync.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import backupsync.auth.PasswordHash;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;

/** Bandwidth limits over REST (admin only): set at run time, applied to the next copy, shown in the metrics. */
class BandwidthApiTest {
    private static final long MIB = 1 << 20;
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String admin;
    static String tenant;
    static String limited;
    static String replicated;
    static final String POLICY = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c21";

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp);
        limited = fixture.backup("admin", 12 * MIB);
        replicated = fixture.namedBackup("replicated-under-a-limit", 3 * MIB);
        fixture.replicationPolicy(("uuid: %s, name: limited, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], "
                + "schedule: '0 0 0 1 1 ? 2099', namePattern: 'replicated-under-a-limit'").formatted(POLICY, fixture.primaryUuid, fixture.thirdUuid));
        service = fixture.service().start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        tenant = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Response set(String scope, String key, String timetable, String session) {
        return http.put("/zstack/v1/bandwidth-limits/" + scope + "/"
                        + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8) + "/actions",
                "{\"setBandwidthLimit\":{\"timetable\":" + Http.JSON.valueToTree(timetable) + "}}", Http.session(session));
    }

    private static JsonNode limitOf(String scope, String key) {
        for (JsonNode limit : http.get("/zstack/v1/bandwidth-limits", Http.session(admin)).json().get("inventories")) {
            if (limit.get("scope").asText().equals(scope) && limit.get("key").asText().equals(key)) {
                return limit;
            }
        }
        return null;
    }

    @Test
    void aStoreLimitSetAtRunTimeHoldsTheNextCopyAndShowsInTheMetrics() throws Exception {
        Response set = set("backup-storage", fixture.drUuid, "4M", admin);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("inventory").get("bytesPerSecondNow").asLong()).isEqualTo(4 * MIB);
        assertThat(set.json().get("inventory").get("nextChange").isNull()).isTrue();

        java.util.concurrent.CompletableFuture<Response> running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> http.put("/zstack/v1/database-backups/" + limited + "/actions",
                        Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin)));
        // Progress on a slow copy: the rate of the last seconds, held to the limit, and the time left at it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(100))
                .untilAsserted(() -> {
                    JsonNode progress = http.get("/zstack/v1/database-backups/syncs/progress", Http.session(admin)).json()
                            .get("inventories").get(0);
                    assertThat(progress).isNotNull();
                    assertThat(progress.get("bytesDone").asLong()).isGreaterThanOrEqualTo(6 * MIB);
                    assertThat(progress.get("bytesPerSecond").isNumber()).isTrue();
                    // 4 MiB/s, plus one 1 MiB copy buffer and the burst over a span of at least 1.5 s.
                    assertThat(progress.get("bytesPerSecond").asLong()).isPositive().isLessThanOrEqualTo(5 * MIB);
                    assertThat(progress.get("etaSeconds").asLong()).isPositive();
                });
        Response sync = running.join();
        assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
        assertThat(Files.mismatch(fixture.onPrimary(limited), fixture.onDr(limited))).isEqualTo(-1L);
        // Every byte of the copy went through the store's limit (and the node's).
        assertThat(limitOf("backup-storage", fixture.drUuid).get("bytesPassed").asLong()).isEqualTo(12 * MIB);
        String metrics = http.get("/observe/metrics", java.util.Map.of()).text();
        assertThat(Http.metric(metrics, "backupsync_bandwidth_limit_bytes_per_second{key=\"%s\",scope=\"backup-storage\"}"
                .formatted(fixture.drUuid))).isEqualTo(4.0 * MIB);
        assertThat(Http.metric(metrics, "backupsync_bandwidth_passed_bytes{key=\"%s\",scope=\"backup-storage\"}"
                .formatted(fixture.drUuid))).isEqualTo(12.0 * MIB);
    }

    @Test
    void aPolicyLimitHoldsTheCopiesOfItsRuns() {
        assertThat(set("replication-policy", POLICY, "Mon-Sun 00:00,8M", admin).status()).isEqualTo(200);
        JsonNode run = backupsync.support.Replication.awaitFinished(http, admin,
                backupsync.support.Replication.runNow(http, admin, POLICY));
        assertThat(run.get("copied").asInt()).as(run.toString()).isEqualTo(1);
        assertThat(limitOf("replication-policy", POLICY).get("bytesPassed").asLong()).isEqualTo(3 * MIB);
        assertThat(limitOf("replication-policy", POLICY).get("bytesPerSecondNow").asLong()).isEqualTo(8 * MIB);
        assertThat(set("replication-policy", "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c99", "1M", admin).error().get("code").asText())
                .isEqualTo("SYS.1003");
    }

    @Test
    void theNodesLimitTakesATimetableAndTellsWhenItChangesNext() {
        JsonNode node = http.get("/zstack/v1/bandwidth-limits", Http.session(admin)).json().get("inventories").get(0);
        assertThat(node.get("scope").asText()).isEqualTo("node");
        assertThat(node.get("timetable").asText()).isEqualTo("off");
        Response set = set("node", node.get("key").asText(), "Mon-Fri 08:00,10M 18:00,off", admin);
        try {
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
            JsonNode inventory = set.json().get("inventory");
            assertThat(inventory.get("timetable").asText()).isEqualTo("Mon-Fri 08:00,10M 18:00,off");
            assertThat(inventory.get("nextChange").asText()).matches("\\d{4}-\\d\\d-\\d\\dT(08|18):00");
        } finally {
            set("node", node.get("key").asText(), "off", admin);
        }
    }

    @Test
    void badInputIsRefusedWithAnErrorCodeAndChangesNothing() {
        Response badTimetable = set("backup-storage", fixture.thirdUuid, "Mon-Fri 8am,10M", admin);
        assertThat(badTimetable.error().get("code").asText()).isEqualTo("SYS.1007");
        assertThat(badTimetable.error().get("details").asText()).contains("'8am,10M'");
        assertThat(limitOf("backup-storage", fixture.thirdUuid)).isNull();

        Response unknownStore = set("backup-storage", "0123456789abcdef0123456789abcdef", "1M", admin);
        assertThat(unknownStore.error().get("code").asText()).isEqualTo("SYS.1003");
        Response badScope = set("galaxy", fixture.thirdUuid, "1M", admin);
        assertThat(badScope.error().get("code").asText()).isEqualTo("SYS.1007");
        assertThat(badScope.error().get("details").asText()).contains("node, backup-storage, replication-policy");
        Response noTimetable = http.put("/zstack/v1/bandwidth-limits/backup-storage/" + fixture.thirdUuid + "/actions",
                "{\"setBandwidthLimit\":{}}", Http.session(admin));
        assertThat(noTimetable.error().get("code").asText()).isEqualTo("SYS.1007");
        Response byTenant = set("backup-storage", fixture.thirdUuid, "1M", tenant);
        assertThat(byTenant.error().get("code").asText()).isEqualTo("ID.1002");
        assertThat(http.get("/zstack/v1/bandwidth-limits", Http.session(tenant)).error().get("code").asText()).isEqualTo("ID.1002");
        assertThat(limitOf("backup-storage", fixture.thirdUuid)).isNull();
        assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM BandwidthLimitVO WHERE scopeKey = :k",
                java.util.Map.of("k", fixture.thirdUuid), Integer.class)).isZero();
    }
}
