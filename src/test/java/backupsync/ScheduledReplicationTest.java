package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Replication;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A policy on a 2-second schedule copies what is missing, leaves what is there, and reports a corrupt backup. */
class ScheduledReplicationTest {
    static final String POLICY_UUID = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c01";
    static final String CORRUPT_MD5 = "{\"md5\":\"0123456789abcdef0123456789abcdef\"}";
    static final long TOTAL_CAPACITY = 1L << 40;
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static final List<String> missing = new ArrayList<>();
    static final List<Long> missingSizes = new ArrayList<>();
    static String present;
    static FileTime presentModified;
    static String corrupt;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp).drTotalCapacity(TOTAL_CAPACITY);
        for (int i = 0; i < 5; i++) {
            long size = 100_000 + 4099L * i;
            missing.add(fixture.backup("tenant1", size));
            missingSizes.add(size);
        }
        present = fixture.backupAlreadyOnDr(70_000);
        presentModified = Files.getLastModifiedTime(fixture.onDr(present));
        corrupt = fixture.backup("admin", 50_000, CORRUPT_MD5, "Enabled", "Ready");
        fixture.replicationPolicy("uuid: %s, name: every-2s, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], schedule: '0/2 * * * * ?', maxParallelCopies: 3"
                .formatted(POLICY_UUID, fixture.primaryUuid, fixture.drUuid));
        service = fixture.service().start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void firstScheduledRunCopiesEveryMissingBackupAndReportsTheCorruptOne() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> !Replication.finishedRuns(service.jdbc(), POLICY_UUID).isEmpty());
        Map<String, Object> first = Replication.finishedRuns(service.jdbc(), POLICY_UUID).get(0);
        assertThat(first.get("triggeredBy")).isEqualTo("Schedule");
        assertThat(first.get("scheduledFireTime")).isNotNull();
        assertThat(first.get("status")).isEqualTo("CompletedWithFailures");
        assertThat(first.get("candidates")).isEqualTo(6L);
        assertThat(first.get("copied")).isEqualTo(5L);
        assertThat(first.get("skipped")).isEqualTo(0L);
        assertThat(first.get("failed")).isEqualTo(1L);
        assertThat(first.get("bytes")).isEqualTo(missingSizes.stream().mapToLong(Long::longValue).sum());

        for (String uuid : missing) {
            assertThat(Files.mismatch(fixture.onPrimary(uuid), fixture.onDr(uuid))).as(uuid).isEqualTo(-1L);
            assertThat(Replication.readyRefRows(service.jdbc(), uuid, fixture.drUuid)).as(uuid).isEqualTo(1);
        }
        // The backup that was already there is not a candidate: not copied again, still one ref.
        assertThat(Files.getLastModifiedTime(fixture.onDr(present))).isEqualTo(presentModified);
        assertThat(Replication.refRows(service.jdbc(), present, fixture.drUuid)).isEqualTo(1);
        // The corrupt one left nothing behind: no ref, no file, no temporary file.
        assertThat(Replication.refRows(service.jdbc(), corrupt, fixture.drUuid)).isZero();
        assertThat(Fixture.filesUnder(fixture.dr)).hasSize(missing.size() + 1);

        Http http = new Http(service.baseUrl());
        String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        JsonNode report = Replication.report(http, admin, (String) first.get("uuid"));
        assertThat(report.get("failures")).hasSize(1);
        JsonNode failure = report.get("failures").get(0);
        assertThat(failure.get("databaseBackupUuid").asText()).isEqualTo(corrupt);
        assertThat(failure.get("backupStorageUuid").asText()).isEqualTo(fixture.drUuid);
        assertThat(failure.get("code").asText()).isEqualTo("SYS.1006");
        assertThat(failure.get("details").asText()).contains("checksum mismatch", "0123456789abcdef0123456789abcdef");
    }

    @Test
    void laterRunsFindOnlyTheCorruptBackupAndNeverOverlap() {
        await().atMost(Duration.ofSeconds(60)).until(() -> Replication.finishedRuns(service.jdbc(), POLICY_UUID).size() >= 3);
        List<Map<String, Object>> runs = Replication.finishedRuns(service.jdbc(), POLICY_UUID);
        for (Map<String, Object> later : runs.subList(1, runs.size())) {
            assertThat(later.get("candidates")).isEqualTo(1L);
            assertThat(later.get("copied")).isEqualTo(0L);
            assertThat(later.get("failed")).isEqualTo(1L);
        }
        // One report per fire time, and never two runs of the policy at once.
        assertThat(runs.stream().map(run -> run.get("scheduledFireTime")).distinct()).hasSize(runs.size());
        assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM ReplicationRunVO WHERE policyUuid = :p AND status = 'Running'",
                Map.of("p", POLICY_UUID), Integer.class)).isLessThanOrEqualTo(1);
        // Capacity was consumed once per copy.
        long copiedBytes = missingSizes.stream().mapToLong(Long::longValue).sum();
        assertThat(service.jdbc().queryForObject("SELECT availableCapacity FROM BackupStorageVO WHERE uuid = :u",
                Map.of("u", fixture.drUuid), Long.class)).isEqualTo(TOTAL_CAPACITY - copiedBytes - 70_000);
    }
}
