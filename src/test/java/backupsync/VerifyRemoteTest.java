package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.OpenSshServer;
import backupsync.support.ServiceRunner;
import backupsync.support.Verify;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verify runs on a remote store served by the real OpenSSH: the DR copies are hashed on their host (md5sum there, as
 * a remote copy's own verification does), a flipped byte and a deleted file are found, and the repair copies them
 * again from the local source over SFTP through the pipeline. The host's root is a directory here, so the bytes are
 * compared on disk.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyRemoteTest {
    static final String CHECK = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e31";
    static final String REPAIR = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e32";
    static final long SIZE = 3 * 1024 * 1024 + 7;
    @TempDir
    static Path tmp;
    static OpenSshServer ssh;
    static Path local;
    static Path remoteRoot;
    static final String localUuid = Uuids.random();
    static final String remoteUuid = Uuids.random();
    static final List<String> backups = new ArrayList<>();
    static ServiceRunner service;
    static Http http;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        ssh = OpenSshServer.start();
        local = Files.createDirectories(tmp.resolve("local"));
        remoteRoot = ssh.newRoot("root");
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String uuid = Uuids.random();
            Path source = local.resolve("zsbak").resolve(uuid);
            Fixture.writeRandomFile(source, SIZE + i, uuid.hashCode());
            Files.createDirectories(remoteRoot.resolve("zsbak"));
            Files.copy(source, remoteRoot.resolve("zsbak").resolve(uuid));
            backups.add(uuid);
            entries.add(("  - {uuid: %s, name: Backup-%s, installPath: 'zstore://zsbak/%s', backupStorageUuids: [%s, %s], "
                    + "metadata: '{\"md5\":\"%s\"}'}").formatted(uuid, uuid.substring(0, 6), uuid, localUuid, remoteUuid,
                    Fixture.md5(source)));
        }
        String yaml = "accounts:\n  - {name: admin, password: password, type: SystemAdmin}\n"
                + "backupStorages:\n"
                + "  - {uuid: %s, name: local, url: %s}\n".formatted(localUuid, local)
                + ("  - {uuid: %s, name: dr-remote, url: %s, hostname: 127.0.0.1, sshPort: %d, username: root, "
                        + "privateKeyFile: %s, hostKeyFingerprint: '%s'}\n")
                        .formatted(remoteUuid, remoteRoot, ssh.port(), ssh.clientKey(), ssh.hostKeyFingerprint())
                + "databaseBackups:\n" + String.join("\n", entries) + "\n"
                + "verifyPolicies:\n"
                + "  - {uuid: %s, name: remote-check, backupStorageUuid: %s, schedule: %s, readRateLimit: 512M}\n"
                        .formatted(CHECK, remoteUuid, Verify.NEVER)
                + "  - {uuid: %s, name: remote-repair, backupStorageUuid: %s, schedule: %s, repair: true}\n"
                        .formatted(REPAIR, remoteUuid, Verify.NEVER);
        Path inventory = tmp.resolve("inventory.yaml");
        Files.writeString(inventory, yaml);
        service = new ServiceRunner(Files.createDirectories(tmp.resolve("data")), inventory).start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (ssh != null) {
            ssh.close();
        }
    }

    @Test
    @Order(1)
    void remoteCopiesAreHashedOnTheirHostAndFoundGood() {
        JsonNode report = Verify.run(http, admin, CHECK);
        assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("Succeeded");
        assertThat(report.get("good").asLong()).isEqualTo(3);
        assertThat(report.get("bytes").asLong()).isEqualTo(3 * SIZE + 3);
    }

    @Test
    @Order(2)
    void aFlippedByteAndADeletedFileOnTheHostAreFoundAndRepairedFromTheSource() throws Exception {
        Path flipped = remoteRoot.resolve("zsbak").resolve(backups.get(0));
        Path deleted = remoteRoot.resolve("zsbak").resolve(backups.get(1));
        Verify.flipByte(flipped, SIZE - 1);
        String flippedMd5 = Fixture.md5(flipped);
        Files.delete(deleted);

        JsonNode found = Verify.run(http, admin, CHECK);
        assertThat(found.get("corrupt").asLong()).as(found.toString()).isEqualTo(1);
        assertThat(found.get("missing").asLong()).isEqualTo(1);
        assertThat(Verify.items(found, "Corrupt").get(0).get("actualMd5").asText())
                .as("the MD5 md5sum computed on the host").isEqualTo(flippedMd5);
        assertThat(Verify.verifyOutcome(service.jdbc(), backups.get(1), remoteUuid)).isEqualTo("Missing");

        JsonNode repaired = Verify.run(http, admin, REPAIR);
        assertThat(repaired.get("repaired").asLong()).as(repaired.toString()).isEqualTo(2);
        assertThat(repaired.get("unrepaired").asLong()).isZero();
        for (String uuid : backups) {
            assertThat(Files.mismatch(local.resolve("zsbak").resolve(uuid), remoteRoot.resolve("zsbak").resolve(uuid)))
                    .as(uuid).isEqualTo(-1L);
        }
        try (var files = Files.list(remoteRoot.resolve("zsbak"))) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
        JsonNode after = Verify.run(http, admin, CHECK);
        assertThat(after.get("good").asLong()).as(after.toString()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void aFileOnTheHostThatNoRefNamesIsListedAsAnOrphanAndLeftThere() throws Exception {
        Path orphan = remoteRoot.resolve("zsbak").resolve("left-by-hand");
        Files.writeString(orphan, "nobody names me");
        try {
            JsonNode report = Verify.run(http, admin, CHECK);
            assertThat(report.get("orphans").asLong()).as(report.toString()).isEqualTo(1);
            assertThat(Verify.items(report, "Orphan").get(0).get("path").asText()).isEqualTo("zsbak/left-by-hand");
            assertThat(orphan).as("orphans are listed, never deleted").exists();
        } finally {
            Files.delete(orphan);
        }
    }
}
