package backupsync.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replication over REST and in the database, as the replication tests observe it. */
public final class Replication {
    public static final String POLICIES = "/zstack/v1/database-backups/replication-policies";
    public static final String RUNS = "/zstack/v1/database-backups/replication-runs";
    public static final String RUN_NOW = "{\"runReplicationPolicy\":{}}";

    private Replication() {
    }

    /** PUT .../replication-policies/{uuid}/actions; returns the started run's uuid. */
    public static String runNow(Http http, String session, String policyUuid) {
        Http.Response response = http.put(POLICIES + "/" + policyUuid + "/actions", RUN_NOW, Http.session(session));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("inventory").get("status").asText()).isIn("Running", "Succeeded",
                "CompletedWithFailures");
        return response.json().get("inventory").get("uuid").asText();
    }

    /** Waits for the run to end and returns its report (with failures), read over REST. */
    public static JsonNode awaitFinished(Http http, String session, String runUuid) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(
                () -> !"Running".equals(report(http, session, runUuid).get("status").asText()));
        return report(http, session, runUuid);
    }

    public static JsonNode report(Http http, String session, String runUuid) {
        Http.Response response = http.get(RUNS + "/" + runUuid, Http.session(session));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("inventory");
    }

    public static List<Map<String, Object>> finishedRuns(NamedParameterJdbcTemplate jdbc, String policyUuid) {
        return jdbc.queryForList("SELECT * FROM ReplicationRunVO WHERE policyUuid = :p AND status <> 'Running' "
                + "ORDER BY startDate, uuid", Map.of("p", policyUuid));
    }

    /** Ref rows of the backup on the store (any status). */
    public static int refRows(NamedParameterJdbcTemplate jdbc, String backupUuid, String storageUuid) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b "
                + "AND backupStorageUuid = :s", Map.of("b", backupUuid, "s", storageUuid), Integer.class);
    }

    public static int readyRefRows(NamedParameterJdbcTemplate jdbc, String backupUuid, String storageUuid) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b "
                + "AND backupStorageUuid = :s AND status = 'Ready'", Map.of("b", backupUuid, "s", storageUuid), Integer.class);
    }
}
