package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import backupsync.api.Uuids;
import backupsync.auth.PasswordHash;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.Replication;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Run-now, listing and reports over REST (admin only), filters, and the one-run-at-a-time guard. */
class ReplicationApiTest {
    /** A schedule that never comes: these policies run only when asked. */
    static final String NEVER = "'0 0 0 1 1 ? 2099'";
    static final String FILTERED = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c11";
    static final String DISABLED = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c12";
    static final String GUARDED = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c13";
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String admin;
    static String tenant;
    static String ordersOldest;
    static String ordersMiddle;
    static String ordersNewest;
    static String ordersB;
    static String ordersTooOld;
    static String usersBackup;
    static String forGuarded;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp);
        ordersOldest = fixture.namedBackup("db-orders-a", 1000);
        ordersMiddle = fixture.namedBackup("db-orders-a", 1001);
        ordersNewest = fixture.namedBackup("db-orders-a", 1002);
        ordersB = fixture.namedBackup("db-orders-b", 1003);
        ordersTooOld = fixture.namedBackup("db-orders-c", 1004);
        usersBackup = fixture.namedBackup("db-users-a", 1005);
        forGuarded = fixture.namedBackup("guarded", 1006);
        fixture.replicationPolicy(("uuid: %s, name: orders-newest-two, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], "
                        + "schedule: %s, namePattern: 'db-orders-*', createdAfter: '2021-01-01', newestPerName: 2, maxParallelCopies: 2")
                        .formatted(FILTERED, fixture.primaryUuid, fixture.thirdUuid, NEVER))
                .replicationPolicy("uuid: %s, name: switched-off, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], schedule: %s, state: Disabled"
                        .formatted(DISABLED, fixture.primaryUuid, fixture.drUuid, NEVER))
                .replicationPolicy("uuid: %s, name: guarded, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], schedule: %s, namePattern: guarded"
                        .formatted(GUARDED, fixture.primaryUuid, fixture.drUuid, NEVER));
        service = fixture.service().start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        tenant = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        // createDate decides the newest of a name and the createdAfter filter.
        setCreateDate(ordersOldest, "2022-01-01T00:00:00");
        setCreateDate(ordersMiddle, "2022-02-01T00:00:00");
        setCreateDate(ordersNewest, "2022-03-01T00:00:00");
        setCreateDate(ordersB, "2022-01-15T00:00:00");
        setCreateDate(ordersTooOld, "2020-06-01T00:00:00");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static void setCreateDate(String backupUuid, String date) {
        service.jdbc().update("UPDATE DatabaseBackupVO SET createDate = :d WHERE uuid = :u",
                Map.of("d", Timestamp.valueOf(LocalDateTime.parse(date)), "u", backupUuid));
    }

    @Test
    void filtersSelectTheNewestTwoOfEachMatchingNameCreatedAfterTheDate() throws Exception {
        JsonNode report = Replication.awaitFinished(http, admin, Replication.runNow(http, admin, FILTERED));

        assertThat(report.get("status").asText()).isEqualTo("Succeeded");
        assertThat(report.get("triggeredBy").asText()).isEqualTo("Api");
        assertThat(report.get("candidates").asLong()).isEqualTo(3);
        assertThat(report.get("copied").asLong()).isEqualTo(3);
        assertThat(report.get("bytes").asLong()).isEqualTo(1001 + 1002 + 1003);
        Set<String> expected = Set.of(ordersMiddle, ordersNewest, ordersB);
        for (String uuid : List.of(ordersOldest, ordersMiddle, ordersNewest, ordersB, ordersTooOld, usersBackup)) {
            boolean copied = expected.contains(uuid);
            assertThat(Replication.readyRefRows(service.jdbc(), uuid, fixture.thirdUuid)).as(uuid).isEqualTo(copied ? 1 : 0);
            assertThat(Files.exists(fixture.third.resolve("zsbak").resolve(uuid))).as(uuid).isEqualTo(copied);
            if (copied) {
                assertThat(Files.mismatch(fixture.onPrimary(uuid), fixture.third.resolve("zsbak").resolve(uuid))).isEqualTo(-1L);
            }
        }

        // Run again: nothing is missing any more.
        JsonNode again = Replication.awaitFinished(http, admin, Replication.runNow(http, admin, FILTERED));
        assertThat(again.get("candidates").asLong()).isZero();
        assertThat(again.get("status").asText()).isEqualTo("Succeeded");

        Response runs = http.get(Replication.RUNS + "?policyUuid=" + FILTERED, Http.session(admin));
        assertThat(runs.status()).as(runs.toString()).isEqualTo(200);
        assertThat(runs.json().get("inventories")).hasSize(2);
    }

    @Test
    void adminListsPoliciesWithTheirSettings() {
        Response response = http.get(Replication.POLICIES, Http.session(admin));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        Map<String, JsonNode> byUuid = StreamSupport.stream(response.json().get("inventories").spliterator(), false)
                .collect(Collectors.toMap(policy -> policy.get("uuid").asText(), policy -> policy));
        assertThat(byUuid).containsKeys(FILTERED, DISABLED, GUARDED);
        JsonNode filtered = byUuid.get(FILTERED);
        assertThat(filtered.get("name").asText()).isEqualTo("orders-newest-two");
        assertThat(filtered.get("namePattern").asText()).isEqualTo("db-orders-*");
        assertThat(filtered.get("newestPerName").asInt()).isEqualTo(2);
        assertThat(filtered.get("maxParallelCopies").asInt()).isEqualTo(2);
        assertThat(filtered.get("destinationBackupStorageUuids").get(0).asText()).isEqualTo(fixture.thirdUuid);
        assertThat(byUuid.get(DISABLED).get("state").asText()).isEqualTo("Disabled");
    }

    @Test
    void onlyAdminMayListOrRun() {
        int before = allRuns();
        for (Response response : List.of(http.get(Replication.POLICIES, Http.session(tenant)),
                http.put(Replication.POLICIES + "/" + FILTERED + "/actions", Replication.RUN_NOW, Http.session(tenant)),
                http.get(Replication.RUNS, Http.session(tenant)))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            assertThat(response.error().get("code").asText()).isEqualTo("ID.1002");
        }
        Response noSession = http.get(Replication.POLICIES, Map.of());
        assertThat(noSession.status()).isEqualTo(400);
        assertThat(noSession.error().get("code").asText()).isEqualTo("ID.1001");
        Response badSession = http.put(Replication.POLICIES + "/" + FILTERED + "/actions", Replication.RUN_NOW,
                Http.session(Uuids.random()));
        assertThat(badSession.status()).isEqualTo(503);
        assertThat(badSession.error().get("code").asText()).isEqualTo("ID.1001");
        assertThat(allRuns()).as("no run started by a refused request").isEqualTo(before);
    }

    @Test
    void badRequestsGetAnErrorCodeAndStartNothing() {
        int before = allRuns();
        Response unknown = http.put(Replication.POLICIES + "/" + Uuids.random() + "/actions", Replication.RUN_NOW, Http.session(admin));
        assertThat(unknown.status()).isEqualTo(503);
        assertThat(unknown.error().get("code").asText()).isEqualTo("SYS.1003");
        assertThat(unknown.error().get("details").asText()).contains("ReplicationPolicyVO");

        Response notUuid = http.put(Replication.POLICIES + "/not-a-uuid/actions", Replication.RUN_NOW, Http.session(admin));
        assertThat(notUuid.status()).isEqualTo(503);
        assertThat(notUuid.error().get("code").asText()).isEqualTo("SYS.1007");

        Response noAction = http.put(Replication.POLICIES + "/" + FILTERED + "/actions", "{\"runNow\":{}}", Http.session(admin));
        assertThat(noAction.status()).isEqualTo(400);
        assertThat(noAction.error().get("code").asText()).isEqualTo("SYS.1007");

        Response disabled = http.put(Replication.POLICIES + "/" + DISABLED + "/actions", Replication.RUN_NOW, Http.session(admin));
        assertThat(disabled.status()).isEqualTo(503);
        assertThat(disabled.error().get("code").asText()).isEqualTo("SYS.1006");
        assertThat(disabled.error().get("details").asText()).contains("Disabled");

        Response wrongMethod = http.get(Replication.POLICIES + "/" + FILTERED + "/actions", Http.session(admin));
        assertThat(wrongMethod.status()).isEqualTo(405);
        Response noSuchRun = http.get(Replication.RUNS + "/" + Uuids.random(), Http.session(admin));
        assertThat(noSuchRun.status()).isEqualTo(503);
        assertThat(noSuchRun.error().get("code").asText()).isEqualTo("SYS.1003");
        assertThat(allRuns()).isEqualTo(before);

        // The query API still answers for a backup next to the replication paths.
        Response backup = http.get("/zstack/v1/database-backups/" + usersBackup, Http.session(admin));
        assertThat(backup.json().get("inventories")).hasSize(1);
    }

    @Test
    void aRunInProgressOnALiveNodeBlocksTheNextAndADeadNodesRunIsInterrupted() {
        String liveNode = service.jdbc().queryForObject("SELECT INSTANCE_NAME FROM QRTZ_SCHEDULER_STATE", Map.of(), String.class);
        String heldRun = Uuids.random();
        holdPolicy(GUARDED, heldRun, liveNode);

        Response blocked = http.put(Replication.POLICIES + "/" + GUARDED + "/actions", Replication.RUN_NOW, Http.session(admin));
        assertThat(blocked.status()).isEqualTo(503);
        assertThat(blocked.error().get("code").asText()).isEqualTo("SYS.1006");
        assertThat(blocked.error().get("details").asText()).contains("already running", heldRun);

        // The same run, but its node is gone: the next claim marks it Interrupted and runs.
        service.jdbc().update("UPDATE ReplicationRunVO SET nodeId = 'a-node-that-crashed' WHERE uuid = :r", Map.of("r", heldRun));
        JsonNode report = Replication.awaitFinished(http, admin, Replication.runNow(http, admin, GUARDED));
        assertThat(report.get("copied").asLong()).isEqualTo(1);
        assertThat(Replication.report(http, admin, heldRun).get("status").asText()).isEqualTo("Interrupted");
        assertThat(Files.exists(fixture.onDr(forGuarded))).isTrue();
    }

    static void holdPolicy(String policyUuid, String runUuid, String nodeId) {
        service.jdbc().update("INSERT INTO ReplicationRunVO (uuid, policyUuid, triggeredBy, nodeId, status) "
                + "VALUES (:r, :p, 'Api', :n, 'Running')", Map.of("r", runUuid, "p", policyUuid, "n", nodeId));
        service.jdbc().update("UPDATE ReplicationPolicyVO SET runningRunUuid = :r WHERE uuid = :p",
                Map.of("r", runUuid, "p", policyUuid));
    }

    static int allRuns() {
        return service.jdbc().queryForObject("SELECT COUNT(*) FROM ReplicationRunVO", Map.of(), Integer.class);
    }
}
