package backupsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import backupsync.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A copy that died with its node resumes at the retry from its last checkpoint, on a local store: the node's start-up
 * keeps the temporary file its reservation names, with the bytes the reservation recorded durable, and the retry
 * writes only the rest. Bytes beyond the checkpoint are cut off (they may not have reached the disk), and the MD5 of
 * the whole file is still what decides: a kept prefix that went bad is caught, and the next sync starts over.
 * The remote twin, with a real node killed mid-copy, is RemoteCrashRecoveryIT; the link cut, RemoteResumeTest.
 */
class ResumeTest {
    private static final long SIZE = 3L << 20;
    private static final long CHECKPOINT = 1L << 20;

    @TempDir
    Path tmp;

    @Test
    void aRestartedNodeKeepsItsPartialCopyAndTheRetryWritesOnlyWhatFollowsTheCheckpoint() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", SIZE);
        Path partial = fixture.onDr(backup).resolveSibling("." + backup + ".req1.part");
        try (ServiceRunner first = fixture.service().with("backupsync.node-id", "node-a").start()) {
            // What a process killed at half the copy leaves: its ref, its reservation with a checkpoint, and a file
            // longer than the checkpoint whose tail was never made durable (here: garbage, to show it is cut off).
            plant(first, fixture, backup, "node-a", "req1", CHECKPOINT);
            writePrefix(fixture.onPrimary(backup), partial, CHECKPOINT);
            appendGarbage(partial, SIZE / 2 - CHECKPOINT);
        }
        try (ServiceRunner restarted = fixture.service().with("backupsync.node-id", "node-a").start()) {
            assertThat(partial).as("kept for the retry").exists();
            assertThat(partialCopies(restarted)).containsExactly(Map.of("TEMPORARYPATH", "zsbak/." + backup + ".req1.part",
                    "DURABLEBYTES", CHECKPOINT));
            Http http = new Http(restarted.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            double copiedBefore = copiedBytes(http);

            Response synced = sync(http, admin, fixture, backup);

            assertThat(synced.status()).as(synced.toString()).isEqualTo(200);
            assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
            assertThat(copiedBytes(http) - copiedBefore).as("only what follows the checkpoint was copied")
                    .isEqualTo((double) (SIZE - CHECKPOINT));
            assertThat(temporaryFiles(fixture)).isEmpty();
            assertThat(partialCopies(restarted)).as("taken by the sync that resumed it").isEmpty();
        }
    }

    @Test
    void aKeptPrefixThatWentBadIsCaughtByTheWholeFilesMd5AndTheNextSyncStartsOver() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", SIZE);
        Path partial = fixture.onDr(backup).resolveSibling("." + backup + ".req2.part");
        try (ServiceRunner first = fixture.service().with("backupsync.node-id", "node-a").start()) {
            plant(first, fixture, backup, "node-a", "req2", CHECKPOINT);
            writePrefix(fixture.onPrimary(backup), partial, CHECKPOINT);
            flipByte(partial, CHECKPOINT / 2);
        }
        try (ServiceRunner restarted = fixture.service().with("backupsync.node-id", "node-a").start()) {
            Http http = new Http(restarted.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);

            Response bad = sync(http, admin, fixture, backup);

            assertThat(bad.status()).as(bad.toString()).isEqualTo(503);
            assertThat(bad.error().get("code").asText()).isEqualTo("SYS.1006");
            assertThat(bad.error().get("details").asText()).contains("checksum mismatch").contains(backup);
            assertThat(fixture.onDr(backup)).as("nothing published").doesNotExist();
            assertThat(temporaryFiles(fixture)).as("the bad partial copy is gone, not kept again").isEmpty();
            assertThat(partialCopies(restarted)).isEmpty();

            Response retried = sync(http, admin, fixture, backup);
            assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
            assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
        }
    }

    @Test
    void aPartialCopyShorterThanItsCheckpointIsNotTrustedAndTheCopyStartsOver() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", SIZE);
        Path partial = fixture.onDr(backup).resolveSibling("." + backup + ".req3.part");
        try (ServiceRunner first = fixture.service().with("backupsync.node-id", "node-a").start()) {
            plant(first, fixture, backup, "node-a", "req3", CHECKPOINT);
            // The host lost what its page cache held: fewer bytes than the checkpoint says were durable.
            writePrefix(fixture.onPrimary(backup), partial, CHECKPOINT / 2);
        }
        try (ServiceRunner restarted = fixture.service().with("backupsync.node-id", "node-a").start()) {
            Http http = new Http(restarted.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            double copiedBefore = copiedBytes(http);

            Response synced = sync(http, admin, fixture, backup);

            assertThat(synced.status()).as(synced.toString()).isEqualTo(200);
            assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
            assertThat(copiedBytes(http) - copiedBefore).as("copied whole").isEqualTo((double) SIZE);
            assertThat(temporaryFiles(fixture)).isEmpty();
        }
    }

    @Test
    void aReservationWithoutACheckpointLeavesNothingToResume() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", SIZE);
        Path partial = fixture.onDr(backup).resolveSibling("." + backup + ".req4.part");
        try (ServiceRunner first = fixture.service().with("backupsync.node-id", "node-a").start()) {
            plant(first, fixture, backup, "node-a", "req4", 0);
            writePrefix(fixture.onPrimary(backup), partial, CHECKPOINT / 2);
        }
        try (ServiceRunner restarted = fixture.service().with("backupsync.node-id", "node-a").start()) {
            assertThat(partial).as("nothing of it was recorded durable: deleted").doesNotExist();
            assertThat(partialCopies(restarted)).isEmpty();
        }
    }

    @Test
    void twoNodesRacingAfterTheHoldersDeathMakeOneCopyThatResumesItsPartialCopyOnce() throws Exception {
        assumeTrue(TestDatabases.onServer(), "two nodes share a database only on a real database server");
        Fixture fixture = new Fixture(tmp).drTotalCapacity(1L << 40);
        String backup = fixture.backup("admin", SIZE);
        Path inventory = fixture.writeInventory();
        Path partial = fixture.onDr(backup).resolveSibling("." + backup + ".dead.part");
        try (ServiceRunner first = new ServiceRunner(fixture.dataDir, inventory).with("backupsync.node-id", "node-b")
                .with("backupsync.sync.lease-seconds", "2").start();
             ServiceRunner second = new ServiceRunner(Files.createDirectories(tmp.resolve("data-node2")), inventory)
                     .with("backupsync.node-id", "node-c").with("backupsync.sync.lease-seconds", "2")
                     .sameDatabaseAs(first).start()) {
            // A third node died mid-copy: its ref stays Creating, its heartbeat stopped, its partial copy is on the store.
            plant(first, fixture, backup, "node-dead", "dead", CHECKPOINT);
            writePrefix(fixture.onPrimary(backup), partial, CHECKPOINT + 12345);
            List<Http> nodes = List.of(new Http(first.baseUrl()), new Http(second.baseUrl()));
            String admin = nodes.get(0).login("admin", Http.ADMIN_PASSWORD_SHA512);
            double copiedBefore = copiedBytes(nodes.get(0)) + copiedBytes(nodes.get(1));

            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<Response>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Http node = nodes.get(i % 2);
                    answers.add(callers.submit(() -> sync(node, admin, fixture, backup)));
                }
                for (Future<Response> answer : answers) {
                    Response response = answer.get();
                    assertThat(response.status()).as(response.toString()).isEqualTo(200);
                }
            } finally {
                callers.shutdownNow();
            }

            assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
            // The metric is recorded as the exchange completes, which may be just after its answer went out.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(copiedBytes(nodes.get(0)) + copiedBytes(nodes.get(1)) - copiedBefore)
                            .as("one copy, on one node, resumed from the dead node's checkpoint").isEqualTo((double) (SIZE - CHECKPOINT)));
            assertThat(first.jdbc().queryForObject("""
                    SELECT COUNT(*) FROM DatabaseBackupStorageRefVO
                    WHERE databaseBackupUuid = :b AND backupStorageUuid = :s AND status = 'Ready'""",
                    Map.of("b", backup, "s", fixture.drUuid), Integer.class)).isEqualTo(1);
            assertThat(temporaryFiles(fixture)).isEmpty();
            assertThat(partialCopies(first)).isEmpty();
            assertThat(first.jdbc().queryForList("SELECT requestId FROM SyncReservationVO", Map.of(), String.class)).isEmpty();
        }
    }

    private static Response sync(Http http, String session, Fixture fixture, String backup) {
        return http.put("/zstack/v1/database-backups/" + backup + "/actions",
                Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(session));
    }

    private static double copiedBytes(Http http) {
        return Http.metric(http.get("/observe/metrics", Map.of()).text(), "backupsync_copied_bytes_total ");
    }

    private static List<Map<String, Object>> partialCopies(ServiceRunner service) {
        return service.jdbc().queryForList("SELECT temporaryPath, durableBytes FROM PartialCopyVO", Map.of()).stream()
                .map(row -> {
                    Map<String, Object> upper = new java.util.TreeMap<>();
                    row.forEach((column, value) -> upper.put(column.toUpperCase(java.util.Locale.ROOT),
                            value instanceof Number number ? (Object) number.longValue() : value));
                    return upper;
                }).toList();
    }

    private static List<Path> temporaryFiles(Fixture fixture) throws IOException {
        Path folder = fixture.onDr("x").getParent();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".part")).toList();
        }
    }

    private static void writePrefix(Path source, Path partial, long bytes) throws IOException {
        Files.createDirectories(partial.getParent());
        try (var in = Files.newInputStream(source); var out = Files.newOutputStream(partial)) {
            long left = bytes;
            byte[] buffer = new byte[65536];
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                out.write(buffer, 0, n);
            }
        }
    }

    private static void appendGarbage(Path file, long bytes) throws IOException {
        try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            out.write(new byte[(int) bytes]);
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte) ~one.get(0)).rewind();
            channel.write(one, at);
        }
    }

    /** A Creating ref and its reservation, with store-relative names and {@code durableBytes} recorded. */
    private static void plant(ServiceRunner service, Fixture fixture, String backup, String node, String request,
                              long durableBytes) {
        service.jdbc().update("""
                INSERT INTO DatabaseBackupStorageRefVO
                    (backupStorageUuid, databaseBackupUuid, status, installPath, exportUrl, lastOpDate, createDate)
                VALUES (:s, :b, 'Creating', :p, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""",
                Map.of("s", fixture.drUuid, "b", backup, "p", "zstore://zsbak/" + backup));
        service.jdbc().update("""
                INSERT INTO SyncReservationVO (databaseBackupUuid, backupStorageUuid, nodeId, requestId, temporaryPath,
                    targetPath, createDate, durableBytes)
                VALUES (:b, :s, :n, :r, :t, :f, CURRENT_TIMESTAMP, :d)""",
                Map.of("b", backup, "s", fixture.drUuid, "n", node, "r", request,
                        "t", "zsbak/." + backup + "." + request + ".part", "f", "zsbak/" + backup, "d", durableBytes));
    }
}
