package backupsync;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.Replication;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replication policy's RPO (age of the newest source backup not yet on its destinations) in its answer and in the
 * metrics, its threshold raising and clearing an alarm once per crossing through the web hook, and a dry run of the
 * policy that lists what it would copy and writes nothing.
 */
class ReplicationRpoAndDryRunTest {
    static final String POLICY = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c41";
    @TempDir
    Path tmp;

    @Test
    void rpoIsShownAlarmedOnceAndClearedAndADryRunWritesNothing() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HttpServer hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/rpo", exchange -> {
            events.add(exchange.getRequestHeaders().getFirst("X-Backup-Sync-Event"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hooks.start();
        Fixture fixture = new Fixture(tmp);
        String older = fixture.backup("admin", 10_000);
        String newer = fixture.backup("admin", 20_000);
        fixture.replicationPolicy(("uuid: %s, name: to-dr-with-rpo, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s, %s], "
                + "schedule: '0 0 0 1 1 ? 2099', rpoThresholdMinutes: 60, webHook: 'http://127.0.0.1:%d/rpo'")
                .formatted(POLICY, fixture.primaryUuid, fixture.drUuid, fixture.thirdUuid, hooks.getAddress().getPort()));
        try (ServiceRunner service = fixture.service().with("backupsync.verify.rpo-check-period", "200").start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            NamedParameterJdbcTemplate jdbc = service.jdbc();
            setCreateDate(jdbc, older, LocalDateTime.now().minusHours(5));
            setCreateDate(jdbc, newer, LocalDateTime.now().minusHours(2));

            JsonNode policy = http.get(Replication.POLICIES, Http.session(admin)).json().get("inventories").get(0);
            assertThat(policy.get("rpoSeconds").asLong()).as("the newest pending backup is two hours old")
                    .isBetween(2 * 3600L - 60, 2 * 3600L + 60);
            assertThat(policy.get("pendingCopies").asLong()).isEqualTo(4);
            assertThat(policy.get("rpoThresholdMinutes").asInt()).isEqualTo(60);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("replication.rpoExceeded"));
            String metrics = http.get("/observe/metrics", Map.of()).text();
            assertThat(metrics.lines().filter(line -> line.startsWith("backupsync_replication_rpo_seconds{")
                    && line.contains(POLICY)).mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum()).isGreaterThan(3600.0);

            Map<String, Object> before = snapshot(jdbc, fixture);
            Response dry = http.put(Replication.POLICIES + "/" + POLICY + "/actions",
                    "{\"runReplicationPolicy\":{\"dryRun\":true}}", Http.session(admin));
            assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
            JsonNode listing = dry.json().get("inventory");
            assertThat(listing.get("dryRun").asBoolean()).isTrue();
            assertThat(listing.get("candidates").asLong()).isEqualTo(4);
            assertThat(listing.get("bytes").asLong()).isEqualTo(2 * (10_000 + 20_000));
            assertThat(listing.get("items")).anyMatch(item -> item.get("databaseBackupUuid").asText().equals(newer)
                    && item.get("backupStorageUuid").asText().equals(fixture.thirdUuid) && item.get("bytes").asLong() == 20_000);
            assertThat(snapshot(jdbc, fixture)).as("tables and files as before").isEqualTo(before);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ReplicationRunVO", Map.of(), Integer.class)).isZero();
            assertThat(http.put(Replication.POLICIES + "/" + POLICY + "/actions", "{\"runReplicationPolicy\":{\"dryRun\":1}}",
                    Http.session(admin)).status()).isEqualTo(400);

            String run = Replication.runNow(http, admin, POLICY);
            assertThat(Replication.awaitFinished(http, admin, run).get("copied").asLong()).isEqualTo(4);
            JsonNode caughtUp = http.get(Replication.POLICIES, Http.session(admin)).json().get("inventories").get(0);
            assertThat(caughtUp.get("rpoSeconds").asLong()).isZero();
            assertThat(caughtUp.get("pendingCopies").asLong()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("replication.rpoRecovered"));
            // Five more checks (every 200 ms) with the RPO still met send nothing more.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
            assertThat(events).as("one notice per crossing").containsExactly("replication.rpoExceeded", "replication.rpoRecovered");
        } finally {
            hooks.stop(0);
        }
    }

    private static void setCreateDate(NamedParameterJdbcTemplate jdbc, String backupUuid, LocalDateTime when) {
        jdbc.update("UPDATE DatabaseBackupVO SET createDate = :t WHERE uuid = :u", Map.of("t", Timestamp.valueOf(when), "u", backupUuid));
    }

    private static Map<String, Object> snapshot(NamedParameterJdbcTemplate jdbc, Fixture fixture) throws Exception {
        Map<String, Object> state = new TreeMap<>();
        for (String table : List.of("DatabaseBackupStorageRefVO", "DatabaseBackupVO", "BackupStorageEO", "ReplicationRunVO",
                "ReplicationRunFailureVO", "SyncReservationVO", "UserTagVO")) {
            state.put(table, jdbc.queryForList("SELECT * FROM " + table, Map.of()).toString());
        }
        state.put("policy", jdbc.queryForList("SELECT runningRunUuid, runningSince, lastOpDate FROM ReplicationPolicyVO", Map.of()).toString());
        for (Path store : List.of(fixture.primary, fixture.dr, fixture.third)) {
            for (Path file : Fixture.filesUnder(store)) {
                state.put(file.toString(), Fixture.md5(file) + " " + Files.getLastModifiedTime(file));
            }
        }
        return state;
    }
}
