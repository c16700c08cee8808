package backupsync.verify;

import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.data.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Reads the stored verify run reports. */
public class VerifyReports {
    public static final String VO_TYPE = "VerifyRunVO";
    private final NamedParameterJdbcTemplate jdbc;

    public VerifyReports(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Newest first; a null policy lists the runs of every policy. */
    public List<VerifyRunInventory> runs(String policyUuid, int limit, int start) {
        return jdbc.queryForList(SqlFiles.load("select-verify-runs"),
                        Map.of("policyUuid", policyUuid == null ? "" : policyUuid, "limit", limit, "start", start))
                .stream().map(row -> VerifyRunInventory.from(row, null)).toList();
    }

    /** One run with every finding; SYS.1003 when there is no such run. */
    public VerifyRunInventory run(String runUuid) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-verify-run"), Map.of("runUuid", runUuid));
        if (rows.isEmpty()) {
            throw ApiException.notFound(runUuid, VO_TYPE);
        }
        List<VerifyRunInventory.Item> items = jdbc.queryForList(SqlFiles.load("select-verify-run-items"),
                Map.of("runUuid", runUuid)).stream().map(VerifyRunInventory.Item::from).toList();
        return VerifyRunInventory.from(rows.get(0), items);
    }
}
