package backupsync;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Replication;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A batch of 100 backups replicated by one run, 4 copies at a time, reported to the byte; what a run skips. */
class ReplicationBatchTest {
    static final String POLICY_UUID = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c31";
    static final int BACKUPS = 100;
    static final long LARGE = 1L << 30;
    @TempDir
    Path tmp;

    @Test
    void aHundredBackupsAreCopiedAndReportedCorrectly() throws Exception {
        Fixture fixture = new Fixture(tmp);
        List<String> backups = new ArrayList<>();
        long totalSize = 0;
        for (int i = 0; i < BACKUPS; i++) {
            long size = 4096 + i;
            backups.add(fixture.backup(i % 2 == 0 ? "admin" : "tenant2", size));
            totalSize += size;
        }
        fixture.replicationPolicy("uuid: %s, name: batch, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s, %s], schedule: '0 0 0 1 1 ? 2099', maxParallelCopies: 4"
                .formatted(POLICY_UUID, fixture.primaryUuid, fixture.drUuid, fixture.thirdUuid));
        try (ServiceRunner service = fixture.service().start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);

            JsonNode report = Replication.awaitFinished(http, admin, Replication.runNow(http, admin, POLICY_UUID));

            assertThat(report.get("status").asText()).isEqualTo("Succeeded");
            assertThat(report.get("candidates").asLong()).isEqualTo(2L * BACKUPS);
            assertThat(report.get("copied").asLong()).isEqualTo(2L * BACKUPS);
            assertThat(report.get("skipped").asLong() + report.get("failed").asLong()).isZero();
            assertThat(report.get("bytes").asLong()).isEqualTo(2 * totalSize);
            assertThat(report.get("failures")).isEmpty();
            assertThat(report.get("endDate").isNull()).isFalse();
            for (String uuid : backups) {
                assertThat(Files.mismatch(fixture.onPrimary(uuid), fixture.onDr(uuid))).isEqualTo(-1L);
                assertThat(Files.mismatch(fixture.onPrimary(uuid), fixture.third.resolve("zsbak").resolve(uuid))).isEqualTo(-1L);
            }
            assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE status = 'Ready' "
                    + "AND backupStorageUuid IN (:s)", Map.of("s", List.of(fixture.drUuid, fixture.thirdUuid)), Integer.class))
                    .isEqualTo(2 * BACKUPS);
            assertThat(Fixture.filesUnder(fixture.dr)).hasSize(BACKUPS);
        }
    }

    @Test
    void candidatesTheApiCopiedWhileTheRunWasBusyAreCountedSkipped() throws Exception {
        Fixture fixture = new Fixture(tmp);
        // A sparse gigabyte, copied first (oldest), one copy at a time: long enough to sync the others meanwhile.
        String large = fixture.backup("admin", 1);
        try (RandomAccessFile file = new RandomAccessFile(fixture.onPrimary(large).toFile(), "rw")) {
            file.setLength(LARGE);
        }
        String copiedMeanwhile1 = fixture.backup("admin", 4096);
        String copiedMeanwhile2 = fixture.backup("admin", 5000);
        fixture.replicationPolicy("uuid: %s, name: one-at-a-time, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], schedule: '0 0 0 1 1 ? 2099', maxParallelCopies: 1"
                .formatted(POLICY_UUID, fixture.primaryUuid, fixture.drUuid));
        try (ServiceRunner service = fixture.service().start()) {
            service.jdbc().update("UPDATE DatabaseBackupVO SET createDate = :d WHERE uuid = :u",
                    Map.of("d", Timestamp.valueOf("2020-01-01 00:00:00"), "u", large));
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);

            String run = Replication.runNow(http, admin, POLICY_UUID);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                JsonNode inFlight = http.get("/zstack/v1/database-backups/syncs/progress", Http.session(admin)).json()
                        .get("inventories");
                assertThat(inFlight).isNotEmpty();
                assertThat(inFlight.get(0).get("databaseBackupUuid").asText()).isEqualTo(large);
            });
            for (String backup : List.of(copiedMeanwhile1, copiedMeanwhile2)) {
                Http.Response synced = http.put("/zstack/v1/database-backups/" + backup + "/actions",
                        Http.sdkBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
                assertThat(synced.status()).as(synced.toString()).isEqualTo(200);
            }
            // Still copying the gigabyte: the run has yet to reach the two small ones.
            assertThat(Replication.report(http, admin, run).get("status").asText()).isEqualTo("Running");

            JsonNode report = Replication.awaitFinished(http, admin, run);
            assertThat(report.get("status").asText()).isEqualTo("Succeeded");
            assertThat(report.get("candidates").asLong()).isEqualTo(3);
            assertThat(report.get("copied").asLong()).isEqualTo(1);
            assertThat(report.get("skipped").asLong()).isEqualTo(2);
            assertThat(report.get("failed").asLong()).isZero();
            assertThat(report.get("bytes").asLong()).isEqualTo(LARGE);
            assertThat(Fixture.filesUnder(fixture.dr)).hasSize(3);
        }
    }
}
