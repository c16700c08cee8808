package backupsync;

import java.io.IOException;
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

import backupsync.auth.PasswordHash;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.Inventories;
import backupsync.support.ServiceRunner;
import backupsync.support.Verify;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Verify runs on local stores, end to end: real files flipped and deleted on the DR store, found by the next run,
 * recorded on the refs (and shown in the query answers), repaired through the pipeline from the source, skipped when
 * verified recently; a dry run writes nothing; the web hook is called when a run finds a bad copy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyTest {
    static final String CHECK = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e01";
    static final String REPAIR = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e02";
    static final String WEEKLY = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e03";
    static final String EVERY_STORE = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e04";
    static final String SWITCHED_OFF = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e05";
    static final long SIZE = 300_000;
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String admin;
    static HttpServer hookServer;
    static final List<String> hookBodies = new CopyOnWriteArrayList<>();
    static final List<String> hookEvents = new CopyOnWriteArrayList<>();
    static String flipped;
    static String deleted;
    static String yesterday;
    static String lastWeek;
    static String everywhereBad;
    static String untouched;

    @BeforeAll
    static void start() throws Exception {
        hookServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hookServer.createContext("/hook", exchange -> {
            hookEvents.add(exchange.getRequestHeaders().getFirst("X-Backup-Sync-Event"));
            hookBodies.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hookServer.start();
        String hook = "http://127.0.0.1:%d/hook".formatted(hookServer.getAddress().getPort());
        fixture = new Fixture(tmp).drTotalCapacity(1L << 40);
        flipped = fixture.backupAlreadyOnDr(SIZE);
        deleted = fixture.backupAlreadyOnDr(SIZE + 1);
        yesterday = fixture.backupAlreadyOnDr(SIZE + 2);
        lastWeek = fixture.backupAlreadyOnDr(SIZE + 3);
        everywhereBad = fixture.backupAlreadyOnDr(SIZE + 4);
        untouched = fixture.backupAlreadyOnDr(SIZE + 5);
        fixture.verifyPolicy("uuid: %s, name: dr-check, backupStorageUuid: %s, schedule: %s, webHook: '%s'"
                        .formatted(CHECK, fixture.drUuid, Verify.NEVER, hook))
                .verifyPolicy("uuid: %s, name: dr-repair, backupStorageUuid: %s, schedule: %s, repair: true, readRateLimit: 64M"
                        .formatted(REPAIR, fixture.drUuid, Verify.NEVER))
                .verifyPolicy("uuid: %s, name: dr-weekly, backupStorageUuid: %s, schedule: %s, reverifyAfterDays: 7"
                        .formatted(WEEKLY, fixture.drUuid, Verify.NEVER))
                .verifyPolicy("uuid: %s, name: every-store, schedule: %s, repair: true".formatted(EVERY_STORE, Verify.NEVER))
                .verifyPolicy("uuid: %s, name: switched-off, schedule: %s, state: Disabled".formatted(SWITCHED_OFF, Verify.NEVER));
        service = fixture.service().start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (hookServer != null) {
            hookServer.stop(0);
        }
    }

    @Test
    @Order(1)
    void aFirstRunFindsEveryCopyGoodAndRecordsItOnTheRefs() throws Exception {
        JsonNode report = Verify.run(http, admin, CHECK);
        assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("Succeeded");
        assertThat(report.get("copies").asLong()).isEqualTo(6);
        assertThat(report.get("verified").asLong()).isEqualTo(6);
        assertThat(report.get("good").asLong()).isEqualTo(6);
        assertThat(report.get("bytes").asLong()).isEqualTo(6 * SIZE + 15);
        assertThat(report.get("items")).isEmpty();
        assertThat(hookBodies).as("no web hook for a clean run").isEmpty();

        // Shown in the query answers as extra fields of the ref; the primary's ref, never verified, has none.
        Response query = http.get("/zstack/v1/database-backups/" + flipped, Http.session(admin));
        JsonNode inventory = query.json().get("inventories").get(0);
        JsonNode drRef = Inventories.refOn(inventory, fixture.drUuid);
        assertThat(drRef.get("verifyOutcome").asText()).isEqualTo("Good");
        assertThat(drRef.get("lastVerifiedDate").asText()).isNotBlank();
        assertThat(Inventories.refOn(inventory, fixture.primaryUuid).has("verifyOutcome")).isFalse();

        String metrics = http.get("/observe/metrics", Map.of()).text();
        assertThat(metricSum(metrics, "backupsync_verify_copies_total", fixture.drUuid, "outcome=\"good\"")).isEqualTo(6.0);
        assertThat(metricSum(metrics, "backupsync_verify_oldest_unverified_age_seconds", fixture.drUuid, "")).isLessThan(3600.0);
        assertThat(metricSum(metrics, "backupsync_verify_oldest_unverified_age_seconds", fixture.primaryUuid, ""))
                .as("never verified on the primary: counted from the ref's creation").isGreaterThanOrEqualTo(0.0);
    }

    @Test
    @Order(2)
    void aFlippedByteAndADeletedFileAreFoundMarkedAndReportedButNotRepairedWithoutRepair() throws Exception {
        Verify.flipByte(fixture.onDr(flipped), SIZE / 2);
        Files.delete(fixture.onDr(deleted));
        String flippedMd5 = Fixture.md5(fixture.onDr(flipped));

        JsonNode report = Verify.run(http, admin, CHECK);
        assertThat(report.get("status").asText()).isEqualTo("CompletedWithFindings");
        assertThat(report.get("corrupt").asLong()).isEqualTo(1);
        assertThat(report.get("missing").asLong()).isEqualTo(1);
        assertThat(report.get("good").asLong()).isEqualTo(4);
        assertThat(report.get("repaired").asLong()).isZero();
        JsonNode corrupt = Verify.items(report, "Corrupt").get(0);
        assertThat(corrupt.get("databaseBackupUuid").asText()).isEqualTo(flipped);
        assertThat(corrupt.get("actualMd5").asText()).isEqualTo(flippedMd5);
        assertThat(corrupt.get("expectedMd5").asText()).isEqualTo(Fixture.md5(fixture.onPrimary(flipped)));
        assertThat(Verify.items(report, "Missing").get(0).get("databaseBackupUuid").asText()).isEqualTo(deleted);

        NamedParameterJdbcTemplate jdbc = service.jdbc();
        assertThat(Verify.verifyOutcome(jdbc, flipped, fixture.drUuid)).isEqualTo("Corrupt");
        assertThat(Verify.verifyOutcome(jdbc, deleted, fixture.drUuid)).isEqualTo("Missing");
        assertThat(Files.exists(fixture.onDr(flipped))).as("a bad copy is never deleted").isTrue();
        assertThat(Fixture.md5(fixture.onDr(flipped))).isEqualTo(flippedMd5);

        await().atMost(Duration.ofSeconds(30)).until(() -> !hookBodies.isEmpty());
        assertThat(hookEvents).containsExactly("verify.badCopies");
        JsonNode hook = new com.fasterxml.jackson.databind.ObjectMapper().readTree(hookBodies.get(0));
        assertThat(hook.get("inventory").get("uuid").asText()).isEqualTo(report.get("uuid").asText());
        assertThat(hook.get("inventory").get("corrupt").asLong()).isEqualTo(1);

        String metrics = http.get("/observe/metrics", Map.of()).text();
        assertThat(metricSum(metrics, "backupsync_verify_copies_total", fixture.drUuid, "outcome=\"corrupt\"")).isEqualTo(1.0);
        assertThat(metricSum(metrics, "backupsync_verify_copies_total", fixture.drUuid, "outcome=\"missing\"")).isEqualTo(1.0);
    }

    @Test
    @Order(3)
    void aSyncToAStoreWhoseCopyIsMarkedMissingCopiesItAgainInsteadOfAnsweringAlreadyThere() throws Exception {
        Long capacityBefore = Inventories.availableCapacity(service, fixture.drUuid);
        Response sync = http.put("/zstack/v1/database-backups/" + deleted + "/actions",
                Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
        assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
        JsonNode drRef = Inventories.refOn(sync.json().get("inventory"), fixture.drUuid);
        assertThat(drRef.get("status").asText()).isEqualTo("Ready");
        assertThat(drRef.get("verifyOutcome").asText()).isEqualTo("Repaired");
        assertThat(Files.mismatch(fixture.onPrimary(deleted), fixture.onDr(deleted))).isEqualTo(-1L);
        assertThat(Inventories.refRows(service, deleted, fixture.drUuid)).isEqualTo(1);
        assertThat(Inventories.availableCapacity(service, fixture.drUuid)).as("the copy was counted once, when first made")
                .isEqualTo(capacityBefore);
        assertThat(Fixture.filesUnder(fixture.dr)).noneMatch(file -> file.getFileName().toString().endsWith(".part"));
    }

    @Test
    @Order(4)
    void withRepairAFlippedByteIsCopiedAgainFromTheSourceReplacingTheBadFile() throws Exception {
        JsonNode report = Verify.run(http, admin, REPAIR);
        assertThat(report.get("corrupt").asLong()).as(report.toString()).isEqualTo(1);
        assertThat(report.get("repaired").asLong()).isEqualTo(1);
        assertThat(report.get("unrepaired").asLong()).isZero();
        JsonNode repaired = Verify.items(report, "Repaired").get(0);
        assertThat(repaired.get("databaseBackupUuid").asText()).isEqualTo(flipped);
        assertThat(repaired.get("repairedFrom").asText()).isEqualTo(fixture.primaryUuid);
        assertThat(Files.mismatch(fixture.onPrimary(flipped), fixture.onDr(flipped))).isEqualTo(-1L);
        assertThat(Verify.verifyOutcome(service.jdbc(), flipped, fixture.drUuid)).isEqualTo("Repaired");
        assertThat(Verify.verifyOutcome(service.jdbc(), flipped, fixture.primaryUuid))
                .as("the source was checked before it was copied from").isEqualTo("Good");
        assertThat(Fixture.filesUnder(fixture.dr)).noneMatch(file -> file.getFileName().toString().endsWith(".part"));

        JsonNode again = Verify.run(http, admin, CHECK);
        assertThat(again.get("good").asLong()).as(again.toString()).isEqualTo(6);
    }

    @Test
    @Order(5)
    void aCopyVerifiedYesterdayIsSkippedWithReverifyAfterSevenDays() throws Exception {
        NamedParameterJdbcTemplate jdbc = service.jdbc();
        setLastVerified(jdbc, yesterday, LocalDateTime.now().minusDays(1));
        setLastVerified(jdbc, lastWeek, LocalDateTime.now().minusDays(8));
        // Both rot; only the one verified more than seven days ago is read, so only it is found.
        Verify.flipByte(fixture.onDr(yesterday), 10);
        Verify.flipByte(fixture.onDr(lastWeek), 10);
        for (String other : List.of(flipped, deleted, everywhereBad, untouched)) {
            setLastVerified(jdbc, other, LocalDateTime.now().minusDays(2));
        }

        JsonNode report = Verify.run(http, admin, WEEKLY);
        assertThat(report.get("copies").asLong()).as(report.toString()).isEqualTo(6);
        assertThat(report.get("skipped").asLong()).isEqualTo(5);
        assertThat(report.get("verified").asLong()).isEqualTo(1);
        assertThat(report.get("corrupt").asLong()).isEqualTo(1);
        assertThat(Verify.items(report, "Corrupt").get(0).get("databaseBackupUuid").asText()).isEqualTo(lastWeek);
        assertThat(Verify.verifyOutcome(jdbc, yesterday, fixture.drUuid)).isEqualTo("Good");

        // A copy found bad is read by every run, however recently: it is verified again, not skipped.
        JsonNode next = Verify.run(http, admin, WEEKLY);
        assertThat(next.get("verified").asLong()).as(next.toString()).isEqualTo(1);
        assertThat(next.get("corrupt").asLong()).isEqualTo(1);
        // Put right for the tests that follow.
        Verify.flipByte(fixture.onDr(yesterday), 10);
        Verify.flipByte(fixture.onDr(lastWeek), 10);
    }

    @Test
    @Order(6)
    void aDryRunListsWhatWouldBeReadAndWritesNothing() throws Exception {
        Verify.flipByte(fixture.onDr(untouched), 5);
        Map<String, Object> before = snapshot();
        Response response = http.put(Verify.POLICIES + "/" + EVERY_STORE + "/actions", Verify.DRY_RUN, Http.session(admin));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode report = response.json().get("inventory");
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("copies").asLong()).isEqualTo(12);
        assertThat(report.get("verified").asLong()).as("every copy on both stores would be read").isEqualTo(12);
        assertThat(report.get("bytes").asLong()).isEqualTo(2 * (6 * SIZE + 15));
        List<JsonNode> wouldRead = Verify.items(report, "WouldRead");
        assertThat(wouldRead).hasSize(12);
        assertThat(wouldRead).anyMatch(item -> item.get("databaseBackupUuid").asText().equals(untouched)
                && item.get("backupStorageUuid").asText().equals(fixture.drUuid) && item.get("bytes").asLong() == SIZE + 5);
        assertThat(http.get(Verify.RUNS + "/" + report.get("uuid").asText(), Http.session(admin)).status())
                .as("a dry run's report is not stored").isEqualTo(503);
        assertThat(snapshot()).isEqualTo(before);
        Verify.flipByte(fixture.onDr(untouched), 5);
    }

    @Test
    @Order(7)
    void withoutAGoodCopyAnywhereTheRunSaysSoAndChangesNothing() throws Exception {
        Verify.flipByte(fixture.onDr(everywhereBad), 1);
        Verify.flipByte(fixture.onPrimary(everywhereBad), 2);
        String drMd5 = Fixture.md5(fixture.onDr(everywhereBad));
        String primaryMd5 = Fixture.md5(fixture.onPrimary(everywhereBad));

        JsonNode report = Verify.run(http, admin, REPAIR);
        assertThat(report.get("unrepaired").asLong()).as(report.toString()).isEqualTo(1);
        JsonNode unrepaired = Verify.items(report, "Unrepaired").get(0);
        assertThat(unrepaired.get("code").asText()).isEqualTo("NoGoodCopy");
        assertThat(unrepaired.get("details").asText()).startsWith("NO GOOD COPY");
        assertThat(Fixture.md5(fixture.onDr(everywhereBad))).isEqualTo(drMd5);
        assertThat(Fixture.md5(fixture.onPrimary(everywhereBad))).isEqualTo(primaryMd5);
        assertThat(Verify.verifyOutcome(service.jdbc(), everywhereBad, fixture.primaryUuid)).isEqualTo("Corrupt");
        assertThat(Replication_readyRefs(everywhereBad)).as("both refs stay: nothing is deleted").isEqualTo(2);
    }

    @Test
    @Order(8)
    void theDoorsAreForAdminOnlyAndEveryBadInputAnswersAnErrorCode() {
        String tenant = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        Response list = http.get(Verify.POLICIES, Http.session(admin));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("inventories")).hasSize(5);
        assertThat(http.get(Verify.POLICIES, Http.session(tenant)).json().get("error").get("code").asText()).isEqualTo("ID.1002");
        assertThat(http.get(Verify.RUNS + "?policyUuid=" + CHECK, Http.session(admin)).json().get("inventories").size())
                .isGreaterThanOrEqualTo(3);
        Response unknown = http.put(Verify.POLICIES + "/7e7e7e7e7e7e7e7e7e7e7e7e7e7e7eff/actions", Verify.RUN_NOW, Http.session(admin));
        assertThat(unknown.json().get("error").get("code").asText()).isEqualTo("SYS.1003");
        Response disabled = http.put(Verify.POLICIES + "/" + SWITCHED_OFF + "/actions", Verify.RUN_NOW, Http.session(admin));
        assertThat(disabled.json().get("error").get("code").asText()).isEqualTo("SYS.1006");
        Response badDryRun = http.put(Verify.POLICIES + "/" + CHECK + "/actions", "{\"runVerifyPolicy\":{\"dryRun\":\"yes\"}}",
                Http.session(admin));
        assertThat(badDryRun.status()).isEqualTo(400);
        assertThat(badDryRun.json().get("error").get("code").asText()).isEqualTo("SYS.1007");
        Response noAction = http.put(Verify.POLICIES + "/" + CHECK + "/actions", "{}", Http.session(admin));
        assertThat(noAction.status()).isEqualTo(400);
        Response badUuid = http.get(Verify.RUNS + "/not-a-uuid", Http.session(admin));
        assertThat(badUuid.json().get("error").get("code").asText()).isEqualTo("SYS.1007");
        assertThat(badUuid.text()).doesNotContain("Exception");
    }

    @Test
    @Order(9)
    void reconcileListsOrphanFilesWithoutDeletingThemAndMarksRefsWhoseFileIsGone() throws Exception {
        NamedParameterJdbcTemplate jdbc = service.jdbc();
        Path orphan = fixture.dr.resolve("zsbak").resolve("left-by-hand");
        Files.writeString(orphan, "nobody names me");
        Path inFlight = fixture.dr.resolve("zsbak").resolve("." + untouched + ".0123.part");
        Files.writeString(inFlight, "a copy in flight");
        // Verified a moment ago, so the weekly policy skips it: only the folder listing can tell it is gone.
        for (String uuid : List.of(flipped, deleted, yesterday, lastWeek, everywhereBad, untouched)) {
            setLastVerified(jdbc, uuid, LocalDateTime.now().minusHours(1));
        }
        jdbc.update("UPDATE BackupStorageRefVerificationVO SET outcome = 'Good' WHERE refId IN "
                + "(SELECT id FROM DatabaseBackupStorageRefVO WHERE backupStorageUuid = :s)", Map.of("s", fixture.drUuid));
        Files.delete(fixture.onDr(yesterday));

        JsonNode report = Verify.run(http, admin, WEEKLY);
        assertThat(report.get("skipped").asLong()).as(report.toString()).isEqualTo(6);
        assertThat(report.get("orphans").asLong()).isEqualTo(1);
        assertThat(report.get("missing").asLong()).isEqualTo(1);
        JsonNode orphanItem = Verify.items(report, "Orphan").get(0);
        assertThat(orphanItem.get("path").asText()).isEqualTo("zsbak/left-by-hand");
        assertThat(orphanItem.get("bytes").asLong()).isEqualTo(15);
        assertThat(Verify.items(report, "Missing").get(0).get("databaseBackupUuid").asText()).isEqualTo(yesterday);
        assertThat(orphan).as("orphans are listed, never deleted").exists();
        assertThat(inFlight).exists();
        assertThat(Verify.verifyOutcome(jdbc, yesterday, fixture.drUuid)).isEqualTo("Missing");

        // Marked: a sync copies it again rather than answering that the store already holds it.
        Response sync = http.put("/zstack/v1/database-backups/" + yesterday + "/actions",
                Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
        assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
        assertThat(Files.mismatch(fixture.onPrimary(yesterday), fixture.onDr(yesterday))).isEqualTo(-1L);
        Files.delete(orphan);
        Files.delete(inFlight);
    }

    private static int Replication_readyRefs(String backupUuid) {
        return service.jdbc().queryForObject("SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b "
                + "AND status = 'Ready'", Map.of("b", backupUuid), Integer.class);
    }

    private static void setLastVerified(NamedParameterJdbcTemplate jdbc, String backupUuid, LocalDateTime when) {
        jdbc.update("UPDATE BackupStorageRefVerificationVO SET lastVerifiedDate = :t WHERE refId = "
                        + "(SELECT id FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b AND backupStorageUuid = :s)",
                Map.of("t", Timestamp.valueOf(when), "b", backupUuid, "s", fixture.drUuid));
    }

    /** The tables a sync or a verify run writes, and every file of the stores with its MD5. */
    private static Map<String, Object> snapshot() throws Exception {
        NamedParameterJdbcTemplate jdbc = service.jdbc();
        Map<String, Object> state = new TreeMap<>();
        for (String table : List.of("DatabaseBackupStorageRefVO", "BackupStorageRefVerificationVO", "DatabaseBackupVO",
                "BackupStorageEO", "VerifyRunVO", "VerifyRunItemVO", "VerifyPolicyVO", "SyncReservationVO", "UserTagVO")) {
            state.put(table, jdbc.queryForList("SELECT * FROM " + table, Map.of()).toString());
        }
        for (Path store : List.of(fixture.primary, fixture.dr, fixture.third)) {
            for (Path file : Fixture.filesUnder(store)) {
                state.put(file.toString(), Fixture.md5(file) + " " + Files.getLastModifiedTime(file));
            }
        }
        return state;
    }

    /** The sum of the samples of {@code name} whose labels name the store and contain {@code label}. */
    static double metricSum(String metrics, String name, String store, String label) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains("store=\"" + store + "\"")
                        && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    static void unused(IOException e) {
    }
}
