package backupsync.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Verify runs over REST and in the database, as the verify tests observe them. */
public final class Verify {
    public static final String POLICIES = "/zstack/v1/database-backups/verify-policies";
    public static final String RUNS = "/zstack/v1/database-backups/verify-runs";
    public static final String RUN_NOW = "{\"runVerifyPolicy\":{}}";
    public static final String DRY_RUN = "{\"runVerifyPolicy\":{\"dryRun\":true}}";
    /** A schedule that never comes: these policies run only when asked. */
    public static final String NEVER = "'0 0 0 1 1 ? 2099'";

    private Verify() {
    }

    /** Runs the policy now and waits for its report (with items). */
    public static JsonNode run(Http http, String session, String policyUuid) {
        Http.Response response = http.put(POLICIES + "/" + policyUuid + "/actions", RUN_NOW, Http.session(session));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String runUuid = response.json().get("inventory").get("uuid").asText();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(
                () -> !"Running".equals(report(http, session, runUuid).get("status").asText()));
        return report(http, session, runUuid);
    }

    public static JsonNode report(Http http, String session, String runUuid) {
        Http.Response response = http.get(RUNS + "/" + runUuid, Http.session(session));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("inventory");
    }

    /** The run's items of one outcome. */
    public static List<JsonNode> items(JsonNode report, String outcome) {
        List<JsonNode> found = new java.util.ArrayList<>();
        report.get("items").forEach(item -> {
            if (outcome.equals(item.get("outcome").asText())) {
                found.add(item);
            }
        });
        return found;
    }

    /** Flips one bit of the byte at {@code offset}: same size, another MD5. */
    public static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x01);
        }
    }

    /** The verification row of the backup's ref on the store, or null. */
    public static Map<String, Object> verification(NamedParameterJdbcTemplate jdbc, String backupUuid, String storeUuid) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT v.* FROM BackupStorageRefVerificationVO v "
                + "JOIN DatabaseBackupStorageRefVO r ON r.id = v.refId WHERE r.databaseBackupUuid = :b AND r.backupStorageUuid = :s",
                Map.of("b", backupUuid, "s", storeUuid));
        return rows.isEmpty() ? null : rows.get(0);
    }

    public static String verifyOutcome(NamedParameterJdbcTemplate jdbc, String backupUuid, String storeUuid) {
        Map<String, Object> row = verification(jdbc, backupUuid, storeUuid);
        return row == null ? null : (String) row.get("outcome");
    }
}
