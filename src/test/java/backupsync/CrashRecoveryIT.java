package backupsync;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault-injection harness: the real jar in a child process is killed with SIGKILL at a random moment of a
 * large sync, restarted, and the invariants are checked after each round: no Ready ref without a complete file
 * whose MD5 matches, no Creating ref after recovery and at most the one temporary file it keeps for a resume, and a
 * retried sync succeeds and leaves no temporary file.
 * Rounds: -Dcrash.rounds (3 in CI; bench/crash-harness.sh runs 20). A summary goes to target/crash-harness.txt.
 */
class CrashRecoveryIT {
    private static final long SIZE = 192L << 20;
    /** Every child started, so a failed round does not leave its service running after the build. */
    private static final java.util.List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void killLeftoverChildren() throws InterruptedException {
        for (Process process : STARTED) {
            process.destroyForcibly();
            process.waitFor();
        }
        STARTED.clear();
    }

    @Test
    void killedDuringSyncsTheServiceRecoversAndRetriesSucceed() throws Exception {
        int rounds = Integer.getInteger("crash.rounds", 3);
        long seed = Long.getLong("crash.seed", 0L);
        Random random = new Random(seed == 0 ? System.nanoTime() : seed);
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path source = Files.createDirectories(tmp.resolve("stores/src"));
        String sourceUuid = Uuids.random();
        String backup = Uuids.random();
        Fixture.writeRandomFile(source.resolve("zsbak").resolve(backup), SIZE, 42);
        String md5 = Fixture.md5(source.resolve("zsbak").resolve(backup));
        List<String> destinations = new ArrayList<>();
        StringBuilder inventory = new StringBuilder("backupStorages:\n  - {uuid: %s, name: src, url: %s}\n".formatted(sourceUuid, source));
        for (int i = 0; i < rounds; i++) {
            String uuid = Uuids.random();
            destinations.add(uuid);
            inventory.append("  - {uuid: %s, name: dst%d, url: %s}\n".formatted(uuid, i, Files.createDirectories(tmp.resolve("stores/dst" + i))));
        }
        inventory.append("databaseBackups:\n  - {uuid: %s, name: big, installPath: 'zstore://zsbak/%s', backupStorageUuids: [%s], metadata: '{\"md5\":\"%s\"}'}\n"
                .formatted(backup, backup, sourceUuid, md5));
        Path inventoryFile = Files.writeString(tmp.resolve("inventory.yaml"), inventory);

        int kills = 0;
        int midCopyKills = 0;
        int checks = 0;
        for (int round = 0; round < rounds; round++) {
            String destination = destinations.get(round);
            Path destinationDir = tmp.resolve("stores/dst" + round);
            double killAt = random.nextDouble() * 1.1;

            ChildService crashing = ChildService.start(data, inventoryFile, "round" + round);
            Http client = new Http(crashing.baseUrl());
            String session = client.login("admin", Http.ADMIN_PASSWORD_SHA512);
            CompletableFuture<Response> sync = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.put("/zstack/v1/database-backups/" + backup + "/actions",
                            Http.publishedBody(sourceUuid, destination), Http.session(session));
                } catch (AssertionError connectionCutByTheKill) {
                    return null;
                }
            });
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(() ->
                    sync.isDone() || copiedFraction(client, session) >= killAt);
            boolean partialFilePresent = hasPartialFile(destinationDir);
            crashing.kill();
            kills++;
            midCopyKills += partialFilePresent ? 1 : 0;

            ChildService service = ChildService.start(data, inventoryFile, "round" + round + "-restarted");
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            JsonNode inventoryAfter = http.get("/zstack/v1/database-backups/" + backup, Http.session(admin)).json()
                    .get("inventories").get(0);
            for (JsonNode ref : inventoryAfter.get("backupStorageRefs")) {
                assertThat(ref.get("status").asText()).as("no Creating ref after recovery").isEqualTo("Ready");
                Path file = tmp.resolve("stores").resolve(storeDirOf(ref.get("backupStorageUuid").asText(), sourceUuid, destinations))
                        .resolve("zsbak").resolve(backup);
                assertThat(Files.size(file)).as("a Ready ref has a complete file").isEqualTo(SIZE);
                assertThat(Fixture.md5(file)).as("a Ready ref's file has the right MD5").isEqualTo(md5);
                checks += 2;
            }
            try (Stream<Path> files = Files.walk(tmp.resolve("stores"))) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".part")).toList())
                        .as("after recovery only the killed copy's temporary file, kept for a resume")
                        .allMatch(f -> f.startsWith(destinationDir)).hasSizeLessThanOrEqualTo(1);
            }
            checks++;
            Response retried = http.put("/zstack/v1/database-backups/" + backup + "/actions",
                    Http.publishedBody(sourceUuid, destination), Http.session(admin));
            assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
            assertThat(Fixture.md5(destinationDir.resolve("zsbak").resolve(backup))).isEqualTo(md5);
            try (Stream<Path> files = Files.walk(tmp.resolve("stores"))) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".part")).toList())
                        .as("no temporary file after the retry").isEmpty();
            }
            checks += 2;
            service.stop();
        }
        String summary = "crash harness: %d rounds, %d SIGKILLs (%d during a copy), %d invariant checks passed%n"
                .formatted(rounds, kills, midCopyKills, checks);
        Files.writeString(Path.of("target", "crash-harness.txt"), summary);
        System.out.print(summary);
    }

    private static String storeDirOf(String storageUuid, String sourceUuid, List<String> destinations) {
        return storageUuid.equals(sourceUuid) ? "src" : "dst" + destinations.indexOf(storageUuid);
    }

    private static boolean hasPartialFile(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".part"));
        }
    }

    private static double copiedFraction(Http http, String session) {
        JsonNode inventories = http.get("/zstack/v1/database-backups/syncs/progress", Http.session(session)).json().get("inventories");
        return inventories.isEmpty() ? 0 : inventories.get(0).get("percent").asDouble() / 100.0;
    }

    /** The packaged service (target/backup-sync.jar) in its own JVM, so it can really be killed. */
    private record ChildService(Process process, int port) {
        static ChildService start(Path data, Path inventory, String logName) throws Exception {
            int port = ServiceRunner.freePort();
            Path jar = Path.of("target", "backup-sync.jar").toAbsolutePath();
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dbackupsync.data-dir=" + data, "-Dbackupsync.inventory-file=" + inventory,
                    "-Dcamel.server.port=" + port, "-Dbackupsync.broker.port=" + ServiceRunner.freePort(),
                    "-Dbackupsync.node-id=crash-harness",
                    "-Dbackupsync.copy.buffer-size=65536", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(new File(data.toFile(), logName + ".log")).start();
            STARTED.add(process);
            ChildService service = new ChildService(process, port);
            Http http = new Http(service.baseUrl());
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the service exited; see " + data.resolve(logName + ".log"));
                }
                try {
                    return http.get("/observe/health/ready", java.util.Map.of()).status() == 200;
                } catch (AssertionError notListeningYet) {
                    return false;
                }
            });
            return service;
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        /** SIGKILL: no shutdown hook, no cleanup, exactly like a crash. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }
}
