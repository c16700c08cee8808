package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.JarProcess;
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
 * A crash during a remote copy: the packaged jar, syncing a backup from a local store to a store served by the real
 * OpenSSH, is killed with SIGKILL at 70 % of the copy, then restarted. Start-up recovery must leave no ref on the
 * destination and keep the temporary file for a resume; the retried sync must land the same bytes while sending
 * only what follows the last checkpoint, counted by a {@link LinkEmulator} between the service and the host. The store's root is a
 * directory of this machine, so what the host holds is checked on disk.
 */
class RemoteCrashRecoveryIT {
    private static final long SIZE = 192L << 20;
    private static final long CHECKPOINT = 4L << 20;

    @TempDir
    Path tmp;
    private OpenSshServer sshd;
    private JarProcess crashing;
    private JarProcess restarted;
    private LinkEmulator link;

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {crashing, restarted, link, sshd}) {
            if (started != null) {
                started.close();
            }
        }
    }

    @Test
    void killedAtSeventyPercentOfARemoteCopyTheRestartedServiceResumesTheRetryFromTheLastCheckpoint() throws Exception {
        sshd = OpenSshServer.start();
        link = LinkEmulator.to(sshd.port());
        // 192 MiB at 64 MiB/s: the kill lands mid-copy whatever the machine's speed.
        link.setRate(64L << 20);
        Path remoteRoot = sshd.newRoot("root");
        Path local = Files.createDirectories(tmp.resolve("local"));
        String localUuid = Uuids.random();
        String remoteUuid = Uuids.random();
        String backup = Uuids.random();
        Path source = local.resolve("zsbak").resolve(backup);
        Fixture.writeRandomFile(source, SIZE, 7);
        String md5 = Fixture.md5(source);
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), "backupStorages:\n"
                + "  - {uuid: %s, name: local, url: %s}\n".formatted(localUuid, local)
                + ("  - {uuid: %s, name: dr, url: %s, hostname: 127.0.0.1, sshPort: %d, username: root, "
                        + "privateKeyFile: %s, hostKeyFingerprint: '%s'}\n")
                        .formatted(remoteUuid, remoteRoot, link.port(), sshd.clientKey(), sshd.hostKeyFingerprint())
                + ("databaseBackups:\n  - {uuid: %s, name: big, installPath: 'zstore://zsbak/%s', backupStorageUuids: [%s], "
                        + "metadata: '{\"md5\":\"%s\"}'}\n").formatted(backup, backup, localUuid, md5));
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path remoteFolder = remoteRoot.resolve("zsbak");

        int port = ServiceRunner.freePort();
        crashing = JarProcess.start(tmp.resolve("logs"), "crashing", properties(data, inventory, port)).awaitReady(port);
        Http http = new Http("http://127.0.0.1:" + port);
        String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        CompletableFuture<Response> sync = CompletableFuture.supplyAsync(() -> {
            try {
                return http.put("/zstack/v1/database-backups/" + backup + "/actions",
                        Http.publishedBody(localUuid, remoteUuid), Http.session(session));
            } catch (AssertionError connectionCutByTheKill) {
                return null;
            }
        });
        // At 70 %, by the file growing on the host.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(() ->
                sync.isDone() || partialBytes(remoteFolder) >= SIZE * 7 / 10);
        assertThat(sync).as("the sync must still run when it is killed").isNotDone();
        long killedAt = partialBytes(remoteFolder);
        crashing.close();
        assertThat(partialFiles(remoteFolder)).as("the killed copy left its temporary file on the remote host").hasSize(1);
        assertThat(Files.exists(remoteFolder.resolve(backup))).as("nothing under the final name").isFalse();

        int secondPort = ServiceRunner.freePort();
        restarted = JarProcess.start(tmp.resolve("logs"), "restarted", properties(data, inventory, secondPort)).awaitReady(secondPort);
        Http after = new Http("http://127.0.0.1:" + secondPort);
        String admin = after.login("admin", Http.ADMIN_PASSWORD_SHA512);
        assertThat(partialFiles(remoteFolder)).as("recovery kept the temporary file for the retry").hasSize(1);
        assertThat(Files.exists(remoteFolder.resolve(backup))).isFalse();
        JsonNode refs = after.get("/zstack/v1/database-backups/" + backup, Http.session(admin)).json()
                .get("inventories").get(0).get("backupStorageRefs");
        assertThat(refs).as("only the source's Ready ref: none, Ready or Creating, on the destination").hasSize(1);
        assertThat(refs.get(0).get("backupStorageUuid").asText()).isEqualTo(localUuid);
        assertThat(refs.get(0).get("status").asText()).isEqualTo("Ready");
        assertThat(restarted.stdout() + restarted.stderr()).contains("recovered the sync");

        link.setRate(0);
        long sentBefore = link.toServer().bytesForwarded();
        Response retried = after.put("/zstack/v1/database-backups/" + backup + "/actions",
                Http.publishedBody(localUuid, remoteUuid), Http.session(admin));
        long sent = link.toServer().bytesForwarded() - sentBefore;
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(Files.mismatch(source, remoteFolder.resolve(backup))).as("the retried copy has the same bytes").isEqualTo(-1L);
        assertThat(partialFiles(remoteFolder)).isEmpty();
        Matcher resumed = Pattern.compile("resuming the copy of database backup " + backup + " .* at byte (\\d+) of")
                .matcher(restarted.stdout());
        assertThat(resumed.find()).as("the retry resumed").isTrue();
        long from = Long.parseLong(resumed.group(1));
        System.out.printf("killed at %d of %d bytes on the host; resumed at byte %d; the retry sent %d bytes over the link (%d to copy)%n",
                killedAt, SIZE, from, sent, SIZE - from);
        // One checkpoint interval behind the kill, plus what the host had not fsynced yet: the write-behind's last
        // fsync, which a busy disk can stretch to a few hundred milliseconds of the link's 64 MiB/s.
        assertThat(from).as("resumed from the last checkpoint before the kill").isGreaterThan(killedAt - CHECKPOINT - (24L << 20));
        // SSH and SFTP framing add well under 1 %; the login and the MD5 script a few KiB.
        assertThat(sent).as("bytes the link carried to the host during the retry").isLessThan((long) ((SIZE - from) * 1.02) + (1 << 20));
    }

    private static Map<String, String> properties(Path data, Path inventory, int port) {
        return Map.of("backupsync.data-dir", data.toString(), "backupsync.inventory-file", inventory.toString(),
                "camel.server.port", Integer.toString(port), "backupsync.node-id", "remote-crash",
                "backupsync.copy.buffer-size", "65536", "backupsync.inventory.fill-md5", "false",
                "backupsync.copy.resume-checkpoint", Long.toString(CHECKPOINT));
    }

    private static List<Path> partialFiles(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        return Fixture.filesUnder(folder).stream().filter(file -> file.getFileName().toString().endsWith(".part")).toList();
    }

    private static long partialBytes(Path folder) throws Exception {
        long bytes = 0;
        for (Path file : partialFiles(folder)) {
            bytes += Files.size(file);
        }
        return bytes;
    }
}
