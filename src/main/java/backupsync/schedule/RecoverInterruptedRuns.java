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
 * their policies' running marker, so the next run can start (a replication run copies whatever is still missing,
 * a verify run reads again what was not verified). Runs when a node starts and before every claim. One per kind of
 * run: {@code replication} or {@code verify}, which names its SQL files.
 */
public class RecoverInterruptedRuns implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverInterruptedRuns.class);
    private final NamedParameterJdbcTemplate jdbc;
    private final ClusterNode node;
    private final String kind;

    public RecoverInterruptedRuns(NamedParameterJdbcTemplate jdbc, ClusterNode node, String kind) {
        this.jdbc = jdbc;
        this.node = node;
        this.kind = kind;
    }

    @Override
    public void process(Exchange exchange) {
        recover();
    }

    public void recover() {
        int interrupted = jdbc.update(SqlFiles.load("mark-interrupted-" + kind + "-runs"), Map.of(
                "nodeId", node.nodeId(), "schedulerName", node.schedulerName(),
                "aliveSinceMillis", node.aliveSinceMillis(System.currentTimeMillis())));
        int released = jdbc.update(SqlFiles.load("release-stale-" + kind + "-claims"), Map.of());
        if (interrupted > 0 || released > 0) {
            LOG.warn("{}: {} run(s) of nodes that are gone marked Interrupted; {} policy claim(s) released",
                    kind, interrupted, released);
        }
    }
}
