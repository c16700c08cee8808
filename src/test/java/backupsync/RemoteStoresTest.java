package backupsync;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import backupsync.api.Uuids;
import backupsync.support.FaultySshServer;
import backupsync.support.LinkEmulator;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.Inventories;
import backupsync.support.OpenSshServer;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Remote stores end to end: the real service, real HTTP, stores served by the real OpenSSH (their roots are
 * directories on this machine, so the bytes are compared on disk) and, for faults OpenSSH cannot show, an embedded
 * MINA SSHD. Every backup has metadata.md5: each copy is hashed as it streams and, on a remote destination, by
 * md5sum on the host before the rename.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteStoresTest {
    private static final long SIZE = 2 * 1024 * 1024 + 11;
    /** Large enough that the copy is still running when its sshd is killed. */
    private static final long LARGE = 256L * 1024 * 1024;
    /** Several of the pieces the destination hashes as the file grows, and a part piece. */
    private static final long PIECES = 40L * 1024 * 1024 + 11;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path tmp;
    static OpenSshServer keySsh;
    static OpenSshServer passwordSsh;
    static FaultySshServer faultySsh;
    static Path local;
    static Path keyRoot;
    static Path passwordRoot;
    static Path faultyRoot;
    static final String localUuid = Uuids.random();
    static final String keyUuid = Uuids.random();
    static final String passwordUuid = Uuids.random();
    static final String faultyUuid = Uuids.random();
    static final String farUuid = Uuids.random();
    /** In front of keySsh: a far store on a link the tests cut, stall and slow down. */
    static LinkEmulator link;
    static Path farRoot;
    static String throughLink;
    static final List<String> backupEntries = new ArrayList<>();
    static final List<Response> answers = new ArrayList<>();
    static final StringWriter logs = new StringWriter();
    static WriterAppender capture;
    static ServiceRunner service;
    static Http http;
    static String admin;

    static String localToKey;
    static String keyToLocal;
    static String keyToPassword;
    static String flipped;
    static String hostKeyChanged;
    static String killed;
    static String corruptSource;

    @BeforeAll
    static void start() throws Exception {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        capture = WriterAppender.newBuilder().setName("remote-stores-test").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %msg%n").build()).build();
        capture.start();
        context.getConfiguration().addAppender(capture);
        context.getRootLogger().addAppender(capture);

        keySsh = OpenSshServer.start();
        passwordSsh = OpenSshServer.start();
        local = Files.createDirectories(tmp.resolve("local"));
        keyRoot = keySsh.newRoot("root");
        passwordRoot = passwordSsh.newRoot(OpenSshServer.PASSWORD_USER);
        faultyRoot = Files.createDirectories(tmp.resolve("faulty"));
        faultySsh = FaultySshServer.start(faultyRoot, "127.0.0.2");
        farRoot = keySsh.newRoot("root");
        link = new LinkEmulator(new java.net.InetSocketAddress("127.0.0.3", 0),
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), keySsh.port()), LinkEmulator.DEFAULT_BUFFER);

        localToKey = backup(local, localUuid, PIECES);
        keyToLocal = backup(keyRoot, keyUuid, SIZE);
        keyToPassword = backup(keyRoot, keyUuid, PIECES);
        flipped = backup(local, localUuid, SIZE);
        hostKeyChanged = backup(local, localUuid, 4096);
        killed = backup(local, localUuid, LARGE);
        corruptSource = backup(local, localUuid, PIECES);
        throughLink = backup(local, localUuid, PIECES);

        String yaml = "accounts:\n  - {name: admin, password: password, type: SystemAdmin}\n"
                + "backupStorages:\n"
                + "  - {uuid: %s, name: local, url: %s}\n".formatted(localUuid, local)
                + ("  - {uuid: %s, name: dr-key, url: %s, hostname: 127.0.0.1, sshPort: %d, username: root, "
                        + "privateKeyFile: %s, hostKeyFingerprint: '%s'}\n")
                        .formatted(keyUuid, keyRoot, keySsh.port(), keySsh.clientKey(), keySsh.hostKeyFingerprint())
                + ("  - {uuid: %s, name: dr-password, url: %s, hostname: localhost, sshPort: %d, username: %s, "
                        + "password: '%s', hostKeyFingerprint: '%s'}\n")
                        .formatted(passwordUuid, passwordRoot, passwordSsh.port(), OpenSshServer.PASSWORD_USER,
                                passwordSsh.password(), passwordSsh.hostKeyFingerprint())
                + ("  - {uuid: %s, name: dr-faulty, url: /, hostname: 127.0.0.2, sshPort: %d, username: %s, "
                        + "password: '%s', hostKeyFingerprint: '%s'}\n")
                        .formatted(faultyUuid, faultySsh.port(), FaultySshServer.USER, faultySsh.password(),
                                faultySsh.hostKeyFingerprint())
                + ("  - {uuid: %s, name: dr-far, url: %s, hostname: 127.0.0.3, sshPort: %d, username: root, "
                        + "privateKeyFile: %s, hostKeyFingerprint: '%s'}\n")
                        .formatted(farUuid, farRoot, link.port(), keySsh.clientKey(), keySsh.hostKeyFingerprint())
                + "databaseBackups:\n" + String.join("\n", backupEntries) + "\n";
        Path inventory = tmp.resolve("inventory.yaml");
        Files.writeString(inventory, yaml);
        service = new ServiceRunner(Files.createDirectories(tmp.resolve("data")), inventory)
                .with("backupsync.ssh.connect-timeout", "5000")
                .with("backupsync.ssh.auth-timeout", "5000")
                .with("backupsync.ssh.read-timeout", Long.toString(READ_TIMEOUT.toMillis()))
                .with("backupsync.ssh.keepalive-interval", "1000")
                .with("backupsync.storage.ping-period", "500")
                .with("backupsync.ssh.retry-backoff", "200")
                .start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
    }

    /** A backup of random bytes at zsbak/<uuid> under {@code root}, with its md5 in metadata. */
    private static String backup(Path root, String storeUuid, long size) throws Exception {
        String uuid = Uuids.random();
        Path file = root.resolve("zsbak").resolve(uuid);
        Fixture.writeRandomFile(file, size, uuid.hashCode());
        backupEntries.add(("  - {uuid: %s, name: Backup-%s, installPath: 'zstore://zsbak/%s', backupStorageUuids: [%s], "
                + "metadata: '{\"md5\":\"%s\"}'}").formatted(uuid, uuid.substring(0, 6), uuid, storeUuid, Fixture.md5(file)));
        return uuid;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getRootLogger().removeAppender(capture);
            capture.stop();
            // Static, so kept for the rest of the test JVM: let the captured text and answers go.
            logs.getBuffer().setLength(0);
            answers.clear();
            for (AutoCloseable server : new AutoCloseable[] {link, keySsh, passwordSsh, faultySsh}) {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    private static Response sync(String backupUuid, String src, String dst) {
        Response response = http.put("/zstack/v1/database-backups/" + backupUuid + "/actions",
                Http.publishedBody(src, dst), Http.session(admin));
        answers.add(response);
        return response;
    }

    private static void assertCopied(Response response, String backupUuid, Path from, String dstUuid, Path to) throws Exception {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode ref = Inventories.refOn(response.json().get("inventory"), dstUuid);
        assertThat(ref.get("status").asText()).isEqualTo("Ready");
        Path source = from.resolve("zsbak").resolve(backupUuid);
        Path copy = to.resolve("zsbak").resolve(backupUuid);
        assertThat(Files.mismatch(source, copy)).isEqualTo(-1L);
        assertThat(Fixture.md5(copy)).isEqualTo(Fixture.md5(source));
        assertThat(temporaryFiles(to)).isEmpty();
    }

    /** Temporary files of copies (the ping's probe lies in the root, not in zsbak). */
    private static List<Path> temporaryFiles(Path root) throws Exception {
        Path folder = root.resolve("zsbak");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        return Fixture.filesUnder(folder).stream().filter(file -> file.getFileName().toString().endsWith(".part")).toList();
    }

    private static String status(String storeUuid) {
        return service.jdbc().queryForObject("SELECT status FROM BackupStorageVO WHERE uuid = :u", Map.of("u", storeUuid), String.class);
    }

    @Test
    @Order(1)
    void localToRemoteWithKeyAuth() throws Exception {
        assertCopied(sync(localToKey, localUuid, keyUuid), localToKey, local, keyUuid, keyRoot);
    }

    @Test
    @Order(2)
    void remoteToLocal() throws Exception {
        assertCopied(sync(keyToLocal, keyUuid, localUuid), keyToLocal, keyRoot, localUuid, local);
    }

    @Test
    @Order(3)
    void remoteToRemoteWithPasswordAuth() throws Exception {
        assertCopied(sync(keyToPassword, keyUuid, passwordUuid), keyToPassword, keyRoot, passwordUuid, passwordRoot);
    }

    @Test
    @Order(4)
    void aByteFlippedOnTheDestinationIsCaughtByMd5AtTheStore() throws Exception {
        faultySsh.flipByteAt(SIZE / 2);
        try {
            Response response = sync(flipped, localUuid, faultyUuid);
            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            JsonNode error = response.error();
            assertThat(error.get("code").asText()).isEqualTo("SYS.1006");
            String expected = Fixture.md5(local.resolve("zsbak").resolve(flipped));
            assertThat(error.get("details").asText()).contains("checksum mismatch").contains(expected)
                    .contains("the destination has md5");
        } finally {
            faultySsh.clearFaults();
        }
        assertThat(Inventories.refRows(service, flipped, faultyUuid)).isZero();
        assertThat(Files.exists(faultyRoot.resolve("zsbak").resolve(flipped))).isFalse();
        assertThat(temporaryFiles(faultyRoot)).isEmpty();
        // The same copy without the fault goes through: the store itself was fine.
        assertCopied(sync(flipped, localUuid, faultyUuid), flipped, local, faultyUuid, faultyRoot);
    }

    @Test
    @Order(4)
    void aSourceThatNoLongerMatchesItsMd5IsBlamedNotTheDestination() throws Exception {
        // Nothing is hashed on the way to a remote store (it hashes what lands): the mismatch is put down by a second look.
        Path source = local.resolve("zsbak").resolve(corruptSource);
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(source.toFile(), "rw")) {
            file.seek(PIECES / 3);
            int b = file.read();
            file.seek(PIECES / 3);
            file.write(b ^ 0x40);
        }
        Response response = sync(corruptSource, localUuid, keyUuid);
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        JsonNode error = response.error();
        assertThat(error.get("code").asText()).isEqualTo("SYS.1006");
        assertThat(error.get("details").asText()).contains("checksum mismatch")
                .contains("read from backup storage[uuid:" + localUuid + "]").contains(Fixture.md5(source))
                .doesNotContain("the destination has md5");
        assertThat(Inventories.refRows(service, corruptSource, keyUuid)).isZero();
        assertThat(Files.exists(keyRoot.resolve("zsbak").resolve(corruptSource))).isFalse();
        assertThat(temporaryFiles(keyRoot)).isEmpty();
    }

    @Test
    @Order(4)
    void aSyncThroughAResetAndAFiveSecondStallEndsVerifiedAndSendsTheFileOnce() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> "Connected".equals(status(farUuid)));
        // 8 MiB/s: the 40 MiB copy lasts 5 s, long enough to be cut and stalled in the middle.
        link.setRate(8L << 20);
        link.cutAfterBytes(16L << 20);
        long before = link.toServer().bytesForwarded();
        CompletableFuture<Response> running = CompletableFuture.supplyAsync(() -> sync(throughLink, localUuid, farUuid));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> link.connectionsCut() > 0);
            link.cutAfterBytes(0);
            link.stall(Duration.ofSeconds(5));
            Response response = running.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertCopied(response, throughLink, local, farUuid, farRoot);
        } finally {
            link.cutAfterBytes(0);
            link.setRate(0);
        }
        assertThat(logs.toString()).containsPattern("resumed writing \\S*" + throughLink);
        // Resumed, not started over: the file crossed the link once, plus what each cut left unacknowledged.
        assertThat(link.toServer().bytesForwarded() - before).isLessThan(PIECES + 3 * (8L << 20));
    }

    @Test
    @Order(5)
    void aChangedHostKeyIsRefusedNamingBothKeysAndDisconnectsTheStore() throws Exception {
        String pinned = faultySsh.hostKeyFingerprint();
        faultySsh.changeHostKey();
        String presented = faultySsh.hostKeyFingerprint();
        // Whether this sync or the ping (every 500 ms) meets the new key first, the refusal names both keys: the sync
        // itself, or the ping's reason for the Disconnected it left (a ping that saw only the dropped connection is
        // followed by one that sees the key).
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Response response = sync(hostKeyChanged, localUuid, faultyUuid);
            JsonNode error = response.error();
            assertThat(error.get("code").asText()).as(response.toString()).isEqualTo("BS.1500");
            assertThat(error.get("details").asText()).contains(pinned).contains(presented);
        });
        assertThat(status(faultyUuid)).isEqualTo("Disconnected");
        assertThat(Inventories.refRows(service, hostKeyChanged, faultyUuid)).isZero();
        // The ping does not bring it back: the key still differs from the pinned one.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10))
                .until(() -> "Disconnected".equals(status(faultyUuid)));
        Response again = sync(hostKeyChanged, localUuid, faultyUuid);
        assertThat(again.error().get("code").asText()).isEqualTo("BS.1500");
    }

    @Test
    @Order(6)
    void sshdKilledDuringASyncFailsWithIoErrorThenThePingDisconnectsAndReconnects() throws Exception {
        CompletableFuture<Response> running = CompletableFuture.supplyAsync(() -> sync(killed, localUuid, keyUuid));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> !temporaryFiles(keyRoot).isEmpty() || running.isDone());
        keySsh.kill();
        Response response = running.get(READ_TIMEOUT.multipliedBy(6).toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        JsonNode error = response.error();
        assertThat(error.get("code").asText()).as(response.toString()).isEqualTo("SYS.1016");
        assertThat(error.get("details").asText()).contains(keyUuid).contains("127.0.0.1:" + keySsh.port());
        assertThat(Inventories.refRows(service, killed, keyUuid)).isZero();

        await().atMost(Duration.ofSeconds(30)).until(() -> "Disconnected".equals(status(keyUuid)));
        Response refused = sync(killed, localUuid, keyUuid);
        assertThat(refused.error().get("code").asText()).isEqualTo("BS.1500");

        keySsh.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> "Connected".equals(status(keyUuid)));
        // The retry removes what the killed copy could not, and copies.
        assertCopied(sync(killed, localUuid, keyUuid), killed, local, keyUuid, keyRoot);
    }

    @Test
    @Order(7)
    void thePasswordsAreInNoAnswerAndNoLogLine() {
        assertThat(answers).isNotEmpty();
        for (Response answer : answers) {
            assertThat(answer.text()).doesNotContain(passwordSsh.password()).doesNotContain(faultySsh.password());
        }
        String logged = logs.toString();
        assertThat(logged).contains(passwordUuid);
        assertThat(logged).doesNotContain(passwordSsh.password()).doesNotContain(faultySsh.password());
    }
}
