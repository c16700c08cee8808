package backupsync.schedule;

import java.util.HashMap;
import java.util.Map;

import backupsync.api.ErrorCode;
import backupsync.api.Failures;
import backupsync.data.SqlFiles;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Steps "recordRunFailure" and "finishRun": stores the run's report, gives the policy's marker back, logs one line. */
public class FinishReplicationRun {
    private static final Logger LOG = LoggerFactory.getLogger(FinishReplicationRun.class);
    private final NamedParameterJdbcTemplate jdbc;

    public FinishReplicationRun(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The run itself could not go on (e.g. reading the candidates failed): the report says why. */
    public void recordRunFailure(Exchange exchange) {
        ErrorCode error = Failures.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).errorCode();
        exchange.getProperty(ReplicationRun.PROPERTY, ReplicationRun.class)
                .failRun(RecordReplicationOutcome.shorten(error.code() + " " + error.details()));
    }

    public void finishRun(Exchange exchange) {
        ReplicationRun run = exchange.getProperty(ReplicationRun.PROPERTY, ReplicationRun.class);
        Map<String, Object> report = new HashMap<>();
        report.put("runUuid", run.getRunUuid());
        report.put("policyUuid", run.getPolicyUuid());
        report.put("status", run.outcome());
        report.put("candidates", run.getCandidates());
        report.put("copied", run.getCopied());
        report.put("skipped", run.getSkipped());
        report.put("failed", run.getFailed());
        report.put("bytes", run.getBytes());
        report.put("error", run.getError());
        jdbc.update(SqlFiles.load("finish-replication-run"), report);
        jdbc.update(SqlFiles.load("release-replication-policy"), report);
        LOG.info("replication run {} of policy {} ({}, {}): {}: candidates={} copied={} skipped={} failed={} bytes={}{}",
                run.getRunUuid(), run.getPolicyUuid(), run.getPolicy().name(), run.getTriggeredBy(), run.outcome(),
                run.getCandidates(), run.getCopied(), run.getSkipped(), run.getFailed(), run.getBytes(),
                run.getError() == null ? "" : " error=" + run.getError());
    }
}
