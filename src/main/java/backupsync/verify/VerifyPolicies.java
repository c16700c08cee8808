package backupsync.verify;

import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.data.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Reads the verify policies (loaded from the inventory). */
public class VerifyPolicies {
    private final NamedParameterJdbcTemplate jdbc;

    public VerifyPolicies(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<VerifyPolicy> all() {
        return jdbc.queryForList(SqlFiles.load("select-verify-policies"), Map.of()).stream().map(VerifyPolicy::from).toList();
    }

    /** The policy, or SYS.1003 as ZStack answers an unknown resource. */
    public VerifyPolicy require(String uuid) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-verify-policy"), Map.of("uuid", uuid));
        if (rows.isEmpty()) {
            throw ApiException.notFound(uuid, VerifyPolicy.VO_TYPE);
        }
        return VerifyPolicy.from(rows.get(0));
    }
}
