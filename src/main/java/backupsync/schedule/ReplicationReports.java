package backupsync.schedule;

import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.data.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Reads the stored run reports. */
public class ReplicationReports {
    public static final String VO_TYPE = "ReplicationRunVO";
    private final NamedParameterJdbcTemplate jdbc;

    public ReplicationReports(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Newest first; a null policy lists the runs of every policy. */
    public List<ReplicationRunInventory> runs(String policyUuid, int limit, int start) {
        return jdbc.queryForList(SqlFiles.load("select-replication-runs"),
                        Map.of("policyUuid", policyUuid == null ? "" : policyUuid, "limit", limit, "start", start))
                .stream().map(row -> ReplicationRunInventory.from(row, null)).toList();
    }

    /** One run with every failed copy; SYS.1003 when there is no such run. */
    public ReplicationRunInventory run(String runUuid) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-replication-run"), Map.of("runUuid", runUuid));
        if (rows.isEmpty()) {
            throw ApiException.notFound(runUuid, VO_TYPE);
        }
        List<ReplicationRunInventory.Failure> failures = jdbc.queryForList(
                        SqlFiles.load("select-replication-run-failures"), Map.of("runUuid", runUuid))
                .stream().map(ReplicationRunInventory.Failure::from).toList();
        return ReplicationRunInventory.from(rows.get(0), failures);
    }
}
