package backupsync.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -Dbackupsync.demo=true}: two stores and a real sample backup (4 MiB) under the data directory, an
 * inventory for them, and a login + sync curl pair printed at start-up that works as pasted.
 */
public class DemoSetup {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);
    public static final String PRIMARY_UUID = "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a1";
    public static final String DR_UUID = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b2";
    public static final String BACKUP_UUID = "c04683f1c53039d1bb0b0f0b601b5a5b";
    public static final String POLICY_UUID = "d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d3";
    private static final int SAMPLE_SIZE = 4 << 20;

    private final Path demoDir;
    private final String port;

    public DemoSetup(Path dataDir, String port) {
        this.demoDir = dataDir.resolve("demo");
        this.port = port;
    }

    /** Creates what is missing and returns the demo's inventory file. */
    public Path prepare() {
        try {
            Path primary = Files.createDirectories(demoDir.resolve("stores/primary"));
            Files.createDirectories(demoDir.resolve("stores/dr"));
            Path sample = primary.resolve("zsbak").resolve(BACKUP_UUID);
            if (!Files.exists(sample)) {
                writeSampleDump(sample);
            }
            Path inventory = demoDir.resolve("inventory.yaml");
            Files.writeString(inventory, """
                    accounts:
                      - {name: admin, password: password, type: SystemAdmin}
                    backupStorages:
                      - {uuid: %s, name: primary, url: %s}
                      - {uuid: %s, name: dr-site, url: %s}
                    databaseBackups:
                      - {uuid: %s, name: Backup-1, description: database backup, owner: admin, installPath: 'zstore://zsbak/%s', backupStorageUuids: [%s], metadata: '{"version":"3.0.0","type":"singleDatabase"}'}
                    replicationPolicies:
                      - {uuid: %s, name: nightly-to-dr, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], schedule: '0 30 2 * * ?'}
                    """.formatted(PRIMARY_UUID, primary, DR_UUID, demoDir.resolve("stores/dr"), BACKUP_UUID,
                    BACKUP_UUID, PRIMARY_UUID, POLICY_UUID, PRIMARY_UUID, DR_UUID));
            return inventory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo under " + demoDir, e);
        }
    }

    /**
     * Writes {@code try-it.sh} and prints it: called once the HTTP server accepts requests, so what it says works the
     * moment it is read.
     */
    public void announce() {
        String tryIt = """
                SESSION=$(curl -s -X PUT 'http://localhost:%s/zstack/v1/accounts/login' -H 'Content-Type: application/json;charset=UTF-8' -d '{"logInByAccount":{"accountName":"admin","password":"b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86"}}' | sed -E 's/.*"uuid":"([0-9a-f]{32})".*/\\1/')
                curl -s -X PUT 'http://localhost:%s/zstack/v1/database-backups/%s/actions' -H "Authorization: OAuth $SESSION" -H 'Content-Type: application/json;charset=UTF-8' -d '{"syncdatabasebackupfromimagestorebackupstorage":{"srcBackupStorageUuid":"%s","dstBackupStorageUuid":"%s"},"systemTags":[],"userTags":["demo"]}'
                """.formatted(port, port, BACKUP_UUID, PRIMARY_UUID, DR_UUID);
        Path script = demoDir.resolve("try-it.sh");
        try {
            Files.writeString(script, "#!/bin/sh\n" + tryIt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
        LOG.info("demo ready under {}. Log in, then sync the sample backup to the DR store (or run: sh {}):\n\n{}",
                demoDir, script, tryIt);
    }

    private static void writeSampleDump(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("-- MySQL dump 10.13  Distrib 5.5.68-MariaDB, for Linux (x86_64)\n-- Database: zstack\n"
                    .getBytes(StandardCharsets.US_ASCII));
            long written = 0;
            for (int row = 0; written < SAMPLE_SIZE; row++) {
                byte[] line = ("INSERT INTO `VmInstanceEO` VALUES ('%032x','vm-%d','Running',%d);\n"
                        .formatted(row * 2654435761L, row, row * 7919L)).getBytes(StandardCharsets.US_ASCII);
                int length = (int) Math.min(line.length, SAMPLE_SIZE - written);
                out.write(line, 0, length);
                written += length;
            }
        }
    }
}
