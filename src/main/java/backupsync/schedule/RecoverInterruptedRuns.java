package backupsync.schedule;

import java.util.Map;

import backupsync.data.SqlFiles;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Marks Interrupted the runs whose node is gone (it stopped checking in with the clustered scheduler) and clears
 * their policies' running marker, so the next run can start; it copies whatever is still missing. Runs when a
 * node starts and before every claim.
 */
public class RecoverInterruptedRuns implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverInterruptedRuns.class);
    private final NamedParameterJdbcTemplate jdbc;
    private final ClusterNode node;

    public RecoverInterruptedRuns(NamedParameterJdbcTemplate jdbc, ClusterNode node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    @Override
    public void process(Exchange exchange) {
        recover();
    }

    public void recover() {
        int interrupted = jdbc.update(SqlFiles.load("mark-interrupted-replication-runs"), Map.of(
                "nodeId", node.nodeId(), "schedulerName", node.schedulerName(),
                "aliveSinceMillis", node.aliveSinceMillis(System.currentTimeMillis())));
        int released = jdbc.update(SqlFiles.load("release-stale-replication-claims"), Map.of());
        if (interrupted > 0 || released > 0) {
            LOG.warn("replication: {} run(s) of nodes that are gone marked Interrupted; {} policy claim(s) released",
                    interrupted, released);
        }
    }
}
