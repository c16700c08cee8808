package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import backupsync.support.Fixture;
import backupsync.support.ServiceRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two service nodes on one database: each fire of a verify policy runs once, on one node; the other takes over. */
class VerifyClusterTest {
    static final String POLICY_UUID = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e21";
    static final int COPIES = 8;
    @TempDir
    Path tmp;

    @Test
    void eachFireRunsOnceAcrossTheNodes() throws Exception {
        Fixture fixture = new Fixture(tmp);
        for (int i = 0; i < COPIES; i++) {
            fixture.backupAlreadyOnDr(30_000 + i);
        }
        fixture.verifyPolicy("uuid: %s, name: cluster-verify-every-2s, backupStorageUuid: %s, schedule: '0/2 * * * * ?'"
                .formatted(POLICY_UUID, fixture.drUuid));
        Path inventory = fixture.writeInventory();
        Path sharedDatabase = Files.createDirectories(tmp.resolve("shared"));

        try (ServiceRunner first = node(tmp.resolve("node1"), inventory, sharedDatabase).start();
             ServiceRunner second = node(tmp.resolve("node2"), inventory, sharedDatabase).start()) {
            NamedParameterJdbcTemplate jdbc = first.jdbc();
            await().atMost(Duration.ofSeconds(90)).until(() -> finishedRuns(jdbc).size() >= 4);

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE", Map.of(), Integer.class))
                    .as("both nodes are in the Quartz cluster").isEqualTo(2);
            List<Map<String, Object>> runs = finishedRuns(jdbc);
            assertThat(runs.stream().map(run -> run.get("scheduledFireTime")).distinct())
                    .as("one run per fire time").hasSize(runs.size());
            assertThat(runs).allSatisfy(run -> {
                assertThat(run.get("status")).isEqualTo("Succeeded");
                assertThat(((Number) run.get("verified")).longValue()).as("each run read every copy once").isEqualTo(COPIES);
            });
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BackupStorageRefVerificationVO", Map.of(), Integer.class))
                    .isEqualTo(COPIES);

            // When the node that ran them stops, the other one takes over the schedule.
            NamedParameterJdbcTemplate secondJdbc = second.jdbc();
            int before = finishedRuns(secondJdbc).size();
            List<Object> nodesBefore = finishedRuns(secondJdbc).stream().map(run -> run.get("nodeId")).distinct().toList();
            first.stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> finishedRuns(secondJdbc).stream()
                    .skip(before).anyMatch(run -> !nodesBefore.contains(run.get("nodeId")) || nodesBefore.size() > 1));
            List<Map<String, Object>> allRuns = finishedRuns(secondJdbc);
            assertThat(allRuns.stream().map(run -> run.get("nodeId")).distinct()).as("both nodes ran the schedule").hasSize(2);
            assertThat(allRuns.stream().map(run -> run.get("scheduledFireTime")).distinct()).hasSize(allRuns.size());
        }
    }

    private static List<Map<String, Object>> finishedRuns(NamedParameterJdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT * FROM VerifyRunVO WHERE policyUuid = :p AND status <> 'Running' "
                + "ORDER BY startDate, uuid", Map.of("p", POLICY_UUID));
    }

    private static ServiceRunner node(Path dataDir, Path inventory, Path sharedDatabase) throws Exception {
        Files.createDirectories(dataDir);
        return new ServiceRunner(dataDir, inventory).sharedDatabase(sharedDatabase);
    }
}
