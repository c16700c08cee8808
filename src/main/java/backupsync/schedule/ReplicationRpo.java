package backupsync.schedule;

import java.util.Date;
import java.util.List;
import java.util.Map;

import backupsync.data.Rows;
import backupsync.data.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A replication policy's recovery point (docs/verify.md#rpo): the age of the newest source backup a run of the
 * policy would still copy (Ready on the source, filtered as the policy filters, not Ready on some destination), and
 * how many copies are pending. 0 seconds when nothing is pending. One aggregate query, the candidates' own filters.
 */
public class ReplicationRpo {
    /** What was measured, at {@code measuredAt} (epoch ms). */
    public record Measure(long seconds, long pendingCopies, long measuredAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public ReplicationRpo(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Measure measure(ReplicationPolicy policy) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-replication-rpo"), policy.getCandidateParameters());
        long now = System.currentTimeMillis();
        if (rows.isEmpty()) {
            return new Measure(0, 0, now);
        }
        Date newest = Rows.date(rows.get(0).get("newestPending"));
        long pending = Rows.toLong(rows.get(0).get("pendingCopies"));
        return new Measure(newest == null ? 0 : Math.max(0, (now - newest.getTime()) / 1000), pending, now);
    }

    public ReplicationPolicy withRpo(ReplicationPolicy policy) {
        Measure measure = measure(policy);
        return policy.withRpo(measure.seconds(), measure.pendingCopies());
    }
}
