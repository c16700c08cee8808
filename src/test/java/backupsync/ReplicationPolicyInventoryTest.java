package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import backupsync.data.Database;
import backupsync.support.Fixture;
import backupsync.support.ServiceRunner;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inventory's replicationPolicies: strict, entry-naming errors that change nothing; upsert by uuid or name. */
class ReplicationPolicyInventoryTest {
    @TempDir
    Path tmp;

    @Test
    void aBadPolicyStopsStartUpNamingItAndLoadsNothing() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String valid = "name: p, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], schedule: '0 0 2 * * ?'"
                .formatted(fixture.primaryUuid, fixture.drUuid);
        Map<String, String> problems = Map.of(
                valid.replace("'0 0 2 * * ?'", "'every night'"), "not a Quartz cron expression",
                valid.replace("[" + fixture.drUuid + "]", "[" + fixture.primaryUuid + "]"), "is the source itself",
                valid.replace("[" + fixture.drUuid + "]", "[0123456789abcdef0123456789abcdef]"), "neither in the inventory",
                valid.replace("[" + fixture.drUuid + "]", "[]"), "destinationBackupStorageUuids must be a non-empty list",
                valid + ", maxParallelCopies: 0", "maxParallelCopies must be between 1 and 64",
                valid + ", newestPerName: 0", "newestPerName must be at least 1",
                valid + ", createdAfter: yesterday", "is not a date",
                valid + ", state: Paused", "state 'Paused' must be one of",
                valid.replace("name: p, ", ""), "name is required");
        Path inventory = fixture.writeInventory();
        String base = Files.readString(inventory);
        for (Map.Entry<String, String> problem : problems.entrySet()) {
            Files.writeString(inventory, base + "replicationPolicies:\n  - {" + problem.getKey() + "}\n");
            try (ServiceRunner service = new ServiceRunner(fixture.dataDir, inventory)) {
                assertThatThrownBy(service::start).as(problem.getKey())
                        .satisfies(e -> assertThat(rootMessage(e)).contains("replicationPolicies[0]").contains(problem.getValue()));
            }
            ServiceRunner.withDatabaseOf(fixture.dataDir, false, jdbc -> assertThat(jdbc.queryForObject(
                    "SELECT COUNT(*) FROM ReplicationPolicyVO", Map.of(), Integer.class)).as(problem.getKey()).isZero());
        }
    }

    @Test
    void loadingTwiceKeepsOnePolicyWithTheSameUuidAndTheNewSettings() throws Exception {
        Fixture fixture = new Fixture(tmp);
        fixture.replicationPolicy("name: nightly, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s, %s], schedule: '0 0 2 * * ?'"
                .formatted(fixture.primaryUuid, fixture.drUuid, fixture.thirdUuid));
        Path inventory = fixture.writeInventory();
        String firstUuid;
        try (ServiceRunner service = new ServiceRunner(fixture.dataDir, inventory).start()) {
            firstUuid = service.jdbc().queryForObject("SELECT uuid FROM ReplicationPolicyVO WHERE name = 'nightly'", Map.of(), String.class);
        }
        Files.writeString(inventory, Files.readString(inventory).replace("[" + fixture.drUuid + ", " + fixture.thirdUuid + "]",
                "[" + fixture.thirdUuid + "], maxParallelCopies: 5"));
        try (ServiceRunner service = new ServiceRunner(fixture.dataDir, inventory).start()) {
            NamedParameterJdbcTemplate jdbc = service.jdbc();
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT uuid, maxParallelCopies FROM ReplicationPolicyVO", Map.of());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get("uuid")).isEqualTo(firstUuid);
            assertThat(((Number) rows.get(0).get("maxParallelCopies")).intValue()).isEqualTo(5);
            assertThat(jdbc.queryForList("SELECT backupStorageUuid FROM ReplicationPolicyDestinationVO", Map.of(), String.class))
                    .containsExactly(fixture.thirdUuid);
        }
    }

    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
