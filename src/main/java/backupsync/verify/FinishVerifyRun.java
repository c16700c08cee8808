package backupsync.verify;

import java.util.HashMap;
import java.util.Map;

import backupsync.api.ErrorCode;
import backupsync.api.Failures;
import backupsync.data.SqlFiles;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Steps "recordVerifyRunFailure" and "finishVerifyRun": stores the run's report, gives the policy's marker back,
 * logs one line, refreshes the ages the metrics show and, when the run found a bad copy or an orphan, calls the
 * policy's web hook with the report. A dry run stores nothing.
 */
public class FinishVerifyRun {
    public static final String BAD_COPIES_EVENT = "verify.badCopies";
    private static final Logger LOG = LoggerFactory.getLogger(FinishVerifyRun.class);
    private final NamedParameterJdbcTemplate jdbc;
    private final VerifyRecords records;
    private final VerifyReports reports;
    private final VerifyMetrics metrics;
    private final VerifyNotifier notifier;

    public FinishVerifyRun(NamedParameterJdbcTemplate jdbc, VerifyRecords records, VerifyReports reports,
                           VerifyMetrics metrics, VerifyNotifier notifier) {
        this.jdbc = jdbc;
        this.records = records;
        this.reports = reports;
        this.metrics = metrics;
        this.notifier = notifier;
    }

    /** The run itself could not go on (e.g. reading the candidates failed): the report says why. */
    public void recordRunFailure(Exchange exchange) {
        ErrorCode error = Failures.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).errorCode();
        exchange.getProperty(VerifyRun.PROPERTY, VerifyRun.class)
                .failRun(VerifyRecords.shorten(error.code() + " " + error.details()));
    }

    public void finishRun(Exchange exchange) {
        VerifyRun run = exchange.getProperty(VerifyRun.PROPERTY, VerifyRun.class);
        String summary = "candidates=%d verified=%d skipped=%d good=%d corrupt=%d missing=%d unreachable=%d repaired=%d unrepaired=%d orphans=%d bytes=%d%s"
                .formatted(run.getCopies(), run.getVerified(), run.getSkipped(), run.getGood(), run.getCorrupt(),
                        run.getMissing(), run.getUnreachable(), run.getRepaired(), run.getUnrepaired(), run.getOrphans(),
                        run.getBytes(), run.getError() == null ? "" : " error=" + run.getError());
        if (run.isDryRun()) {
            LOG.info("verify dry run of policy {} ({}): would read {} copies, {} bytes; nothing written", run.getPolicyUuid(),
                    run.getPolicy().name(), run.getVerified(), run.getBytes());
            return;
        }
        Map<String, Object> report = new HashMap<>();
        report.put("runUuid", run.getRunUuid());
        report.put("policyUuid", run.getPolicyUuid());
        report.put("status", run.outcome());
        report.put("copies", run.getCopies());
        report.put("verified", run.getVerified());
        report.put("skipped", run.getSkipped());
        report.put("good", run.getGood());
        report.put("corrupt", run.getCorrupt());
        report.put("missing", run.getMissing());
        report.put("unreachable", run.getUnreachable());
        report.put("repaired", run.getRepaired());
        report.put("unrepaired", run.getUnrepaired());
        report.put("orphans", run.getOrphans());
        report.put("bytes", run.getBytes());
        report.put("error", run.getError());
        jdbc.update(SqlFiles.load("finish-verify-run"), report);
        jdbc.update(SqlFiles.load("release-verify-policy"), report);
        String line = "verify run %s of policy %s (%s, %s): %s: %s".formatted(run.getRunUuid(), run.getPolicyUuid(),
                run.getPolicy().name(), run.getTriggeredBy(), run.outcome(), summary);
        if (run.isFoundBad()) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
        try {
            records.deleteStaleVerifications();
            metrics.refresh();
        } catch (RuntimeException e) {
            LOG.warn("verify run {}: tidying the verification records failed: {}", run.getRunUuid(), e.toString());
        }
        if (run.isFoundBad() && run.getPolicy().webHook() != null) {
            notifier.notify(run.getPolicy().webHook(), BAD_COPIES_EVENT, run.getRunUuid(),
                    Map.of("event", BAD_COPIES_EVENT, "inventory", reports.run(run.getRunUuid())));
        }
    }
}
