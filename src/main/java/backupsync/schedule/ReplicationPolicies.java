package backupsync.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.data.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Reads the replication policies (loaded from the inventory) with their destinations. */
public class ReplicationPolicies {
    private final NamedParameterJdbcTemplate jdbc;

    public ReplicationPolicies(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<ReplicationPolicy> all() {
        Map<String, List<String>> destinations = destinations();
        return jdbc.queryForList(SqlFiles.load("select-replication-policies"), Map.of()).stream()
                .map(row -> ReplicationPolicy.from(row, destinations.getOrDefault((String) row.get("uuid"), List.of())))
                .toList();
    }

    /** The policy, or SYS.1003 as ZStack answers an unknown resource. */
    public ReplicationPolicy require(String uuid) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-replication-policy"), Map.of("uuid", uuid));
        if (rows.isEmpty()) {
            throw ApiException.notFound(uuid, ReplicationPolicy.VO_TYPE);
        }
        return ReplicationPolicy.from(rows.get(0), destinations().getOrDefault(uuid, List.of()));
    }

    private Map<String, List<String>> destinations() {
        Map<String, List<String>> byPolicy = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList(SqlFiles.load("select-replication-policy-destinations"), Map.of())) {
            byPolicy.computeIfAbsent((String) row.get("policyUuid"), key -> new ArrayList<>())
                    .add((String) row.get("backupStorageUuid"));
        }
        return byPolicy;
    }
}
