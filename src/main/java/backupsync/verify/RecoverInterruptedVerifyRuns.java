package backupsync.verify;

import java.util.Map;

import backupsync.data.SqlFiles;
import backupsync.schedule.ClusterNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Marks Interrupted the verify runs whose node is gone (it stopped checking in with the clustered scheduler) and
 * clears their policies' running marker. Runs when a node starts and before every claim.
 */
public class RecoverInterruptedVerifyRuns implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverInterruptedVerifyRuns.class);
    private final NamedParameterJdbcTemplate jdbc;
    private final ClusterNode node;

    public RecoverInterruptedVerifyRuns(NamedParameterJdbcTemplate jdbc, ClusterNode node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    @Override
    public void process(Exchange exchange) {
        recover();
    }

    public void recover() {
        int interrupted = jdbc.update(SqlFiles.load("mark-interrupted-verify-runs"), Map.of(
                "nodeId", node.nodeId(), "schedulerName", node.schedulerName(),
                "aliveSinceMillis", node.aliveSinceMillis(System.currentTimeMillis())));
        int released = jdbc.update(SqlFiles.load("release-stale-verify-claims"), Map.of());
        if (interrupted > 0 || released > 0) {
            LOG.warn("verify: {} run(s) of nodes that are gone marked Interrupted; {} policy claim(s) released",
                    interrupted, released);
        }
    }
}
