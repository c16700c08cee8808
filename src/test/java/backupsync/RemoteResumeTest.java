package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.LinkEmulator;
import backupsync.support.OpenSshServer;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sync to a remote store that the link cut off for good (no retries left) fails, and keeps what reached the host;
 * the retry sends only what follows the last checkpoint. Measured where it counts: the bytes the link carried to
 * the real sshd (a {@link LinkEmulator} in front of it) during the retry.
 */
class RemoteResumeTest {
    private static final long SIZE = 96L << 20;
    private static final long CHECKPOINT = 4L << 20;

    @TempDir
    Path tmp;
    private OpenSshServer sshd;
    private LinkEmulator link;

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void aSyncCutOffByTheLinkKeepsItsPartialCopyAndTheRetrySendsOnlyTheRest() throws Exception {
        sshd = OpenSshServer.start();
        link = LinkEmulator.to(sshd.port());
        // Slow enough that the cut lands mid-copy: 96 MiB at 32 MiB/s.
        link.setRate(32L << 20);
        Path remoteRoot = sshd.newRoot("root");
        Path local = Files.createDirectories(tmp.resolve("local"));
        String localUuid = Uuids.random();
        String remoteUuid = Uuids.random();
        String backup = Uuids.random();
        Path source = local.resolve("zsbak").resolve(backup);
        Fixture.writeRandomFile(source, SIZE, 11);
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), "backupStorages:\n"
                + "  - {uuid: %s, name: local, url: %s}\n".formatted(localUuid, local)
                + ("  - {uuid: %s, name: dr, url: %s, hostname: 127.0.0.1, sshPort: %d, username: root, "
                        + "privateKeyFile: %s, hostKeyFingerprint: '%s'}\n")
                        .formatted(remoteUuid, remoteRoot, link.port(), sshd.clientKey(), sshd.hostKeyFingerprint())
                + "databaseBackups:\n  - {uuid: %s, name: big, installPath: 'zstore://zsbak/%s', backupStorageUuids: [%s]}\n"
                        .formatted(backup, backup, localUuid));
        Path folder = remoteRoot.resolve("zsbak");
        try (ServiceRunner service = new ServiceRunner(Files.createDirectories(tmp.resolve("data")), inventory)
                .with("backupsync.ssh.retries", "0")
                .with("backupsync.copy.resume-checkpoint", Long.toString(CHECKPOINT))
                .start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            CompletableFuture<Response> cut = CompletableFuture.supplyAsync(() -> sync(http, admin, localUuid, remoteUuid, backup));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> cut.isDone() || partialBytes(folder) >= SIZE / 2);
            assertThat(cut).as("the sync must still run when the link is cut").isNotDone();
            link.refuseNewConnections(true);
            link.cutAll();

            Response failed = cut.get();
            assertThat(failed.status()).as(failed.toString()).isGreaterThanOrEqualTo(500);
            assertThat(failed.error().get("details").asText()).contains(remoteUuid);
            assertThat(partialFiles(folder)).as("what reached the host is kept").hasSize(1);
            long durable = service.jdbc().queryForObject("SELECT durableBytes FROM PartialCopyVO", Map.of(), Long.class);
            // Behind the file's size at the cut by what was not yet fsynced, one checkpoint, and the time the fsync's
            // answer and the checkpoint's write took on a busy machine (CI once saw exactly two checkpoints behind).
            assertThat(durable).as("kept from a checkpoint near the cut").isGreaterThanOrEqualTo(SIZE / 2 - 4 * CHECKPOINT)
                    .isLessThanOrEqualTo(Files.size(partialFiles(folder).get(0)));

            link.refuseNewConnections(false);
            // 16 MiB/s: the retry lasts long enough for its progress to be read while it runs.
            link.setRate(16L << 20);
            long sentBefore = link.toServer().bytesForwarded();
            double copiedBefore = copiedBytes(http);

            CompletableFuture<Response> retry = CompletableFuture.supplyAsync(() -> sync(http, admin, localUuid, remoteUuid, backup));
            List<JsonNode> progress = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode inventories = http.get("/zstack/v1/database-backups/syncs/progress", Http.session(admin)).json().get("inventories");
                if (!inventories.isEmpty() && inventories.get(0).get("bytesDone").asLong() > 0) {
                    progress.add(inventories.get(0));
                }
                return retry.isDone();
            });
            Response retried = retry.get();
            assertThat(progress).as("progress read while the retry ran").isNotEmpty();
            assertThat(progress).as("bytes done count the resumed prefix once: from the resume point on, never past the file")
                    .allSatisfy(p -> assertThat(p.get("bytesDone").asLong()).isBetween(durable, SIZE));
            // The prefix was there at once; the rate is that of what the link carries (16 MiB/s), not inflated by it.
            assertThat(progress).filteredOn(p -> p.get("bytesPerSecond").isNumber())
                    .allSatisfy(p -> assertThat(p.get("bytesPerSecond").asLong()).isLessThan(24L << 20));

            assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
            assertThat(Files.mismatch(source, folder.resolve(backup))).as("the resumed copy has the same bytes").isEqualTo(-1L);
            assertThat(partialFiles(folder)).isEmpty();
            assertThat(copiedBytes(http) - copiedBefore).as("bytes copied by the retry").isEqualTo((double) (SIZE - durable));
            long sent = link.toServer().bytesForwarded() - sentBefore;
            // SSH and SFTP framing add well under 1 %; the login, the stat and the MD5 script a few KiB.
            assertThat(sent).as("bytes the link carried to the host during the retry").isLessThan((long) ((SIZE - durable) * 1.02) + (1 << 20));
        }
    }

    private static Response sync(Http http, String session, String src, String dst, String backup) {
        return http.put("/zstack/v1/database-backups/" + backup + "/actions", Http.publishedBody(src, dst), Http.session(session));
    }

    private static double copiedBytes(Http http) {
        return Http.metric(http.get("/observe/metrics", Map.of()).text(), "backupsync_copied_bytes_total ");
    }

    static List<Path> partialFiles(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        return Fixture.filesUnder(folder).stream().filter(file -> file.getFileName().toString().endsWith(".part")).toList();
    }

    static long partialBytes(Path folder) throws Exception {
        long bytes = 0;
        for (Path file : partialFiles(folder)) {
            bytes += Files.size(file);
        }
        return bytes;
    }
}
