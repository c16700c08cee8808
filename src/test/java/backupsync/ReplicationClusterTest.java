package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Replication;
import backupsync.support.ServiceRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two service nodes (two Camel contexts, own data dirs and ports) on one database. */
class ReplicationClusterTest {
    static final String POLICY_UUID = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c21";
    static final long TOTAL_CAPACITY = 1L << 40;
    @TempDir
    Path tmp;

    @Test
    void eachFireRunsOnOneNodeAndEachBackupIsCopiedOnce() throws Exception {
        Fixture fixture = new Fixture(tmp).drTotalCapacity(TOTAL_CAPACITY);
        List<String> backups = new ArrayList<>();
        long totalSize = 0;
        for (int i = 0; i < 12; i++) {
            long size = 40_000 + 1000L * i;
            backups.add(fixture.backup("admin", size));
            totalSize += size;
        }
        fixture.replicationPolicy("uuid: %s, name: cluster-every-2s, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], schedule: '0/2 * * * * ?', maxParallelCopies: 4"
                .formatted(POLICY_UUID, fixture.primaryUuid, fixture.drUuid));
        Path inventory = fixture.writeInventory();
        Path sharedDatabase = Files.createDirectories(tmp.resolve("shared"));

        try (ServiceRunner first = node(tmp.resolve("node1"), inventory, sharedDatabase).start();
             ServiceRunner second = node(tmp.resolve("node2"), inventory, sharedDatabase).start()) {
            NamedParameterJdbcTemplate jdbc = first.jdbc();
            await().atMost(Duration.ofSeconds(90)).until(() -> Replication.finishedRuns(jdbc, POLICY_UUID).size() >= 4
                    && backups.stream().allMatch(uuid -> Replication.readyRefRows(jdbc, uuid, fixture.drUuid) == 1));

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE", Map.of(), Integer.class))
                    .as("both nodes are in the Quartz cluster").isEqualTo(2);
            List<Map<String, Object>> runs = Replication.finishedRuns(jdbc, POLICY_UUID);
            assertThat(runs.stream().map(run -> run.get("scheduledFireTime")).distinct())
                    .as("one report per fire time").hasSize(runs.size());
            assertThat(runs.stream().mapToLong(run -> (Long) run.get("copied")).sum())
                    .as("every backup copied by exactly one run").isEqualTo(backups.size());
            assertThat(runs.stream().mapToLong(run -> (Long) run.get("failed")).sum()).isZero();
            for (String uuid : backups) {
                assertThat(Replication.refRows(jdbc, uuid, fixture.drUuid)).isEqualTo(1);
                assertThat(Files.mismatch(fixture.onPrimary(uuid), fixture.onDr(uuid))).isEqualTo(-1L);
            }
            assertThat(jdbc.queryForObject("SELECT availableCapacity FROM BackupStorageVO WHERE uuid = :u",
                    Map.of("u", fixture.drUuid), Long.class)).as("capacity consumed once").isEqualTo(TOTAL_CAPACITY - totalSize);

            // When the node that ran them stops, the other one takes over the schedule.
            NamedParameterJdbcTemplate secondJdbc = second.jdbc();
            int before = Replication.finishedRuns(secondJdbc, POLICY_UUID).size();
            List<Object> nodesBefore = Replication.finishedRuns(secondJdbc, POLICY_UUID).stream().map(run -> run.get("nodeId")).distinct().toList();
            first.stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> Replication.finishedRuns(secondJdbc, POLICY_UUID).stream()
                    .skip(before).anyMatch(run -> !nodesBefore.contains(run.get("nodeId")) || nodesBefore.size() > 1));
            List<Map<String, Object>> allRuns = Replication.finishedRuns(secondJdbc, POLICY_UUID);
            assertThat(allRuns.stream().map(run -> run.get("nodeId")).distinct()).as("both nodes ran the schedule").hasSize(2);
            assertThat(allRuns.stream().map(run -> run.get("scheduledFireTime")).distinct()).hasSize(allRuns.size());
        }

        // A run left Running by a node that is gone is marked Interrupted as soon as a node starts.
        String orphanRun = Uuids.random();
        try (ServiceRunner stopped = node(tmp.resolve("node1"), inventory, sharedDatabase)) {
            ServiceRunner.withDatabaseOf(sharedDatabase, true, jdbc -> {
                jdbc.update("INSERT INTO ReplicationRunVO (uuid, policyUuid, triggeredBy, nodeId, status) "
                        + "VALUES (:r, :p, 'Schedule', 'a-node-that-crashed', 'Running')", Map.of("r", orphanRun, "p", POLICY_UUID));
                jdbc.update("UPDATE ReplicationPolicyVO SET runningRunUuid = :r WHERE uuid = :p", Map.of("r", orphanRun, "p", POLICY_UUID));
            });
            stopped.start();
            assertThat(stopped.jdbc().queryForObject("SELECT status FROM ReplicationRunVO WHERE uuid = :r",
                    Map.of("r", orphanRun), String.class)).isEqualTo("Interrupted");
            assertThat(stopped.jdbc().queryForObject("SELECT COUNT(*) FROM ReplicationPolicyVO WHERE runningRunUuid = :r",
                    Map.of("r", orphanRun), Integer.class)).isZero();
        }
    }

    private static ServiceRunner node(Path dataDir, Path inventory, Path sharedDatabase) throws Exception {
        Files.createDirectories(dataDir);
        return new ServiceRunner(dataDir, inventory).sharedDatabase(sharedDatabase);
    }
}
