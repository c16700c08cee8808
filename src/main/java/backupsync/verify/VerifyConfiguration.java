package backupsync.verify;

import java.util.concurrent.ScheduledExecutorService;

import backupsync.auth.SessionService;
import backupsync.config.StartupWork;
import backupsync.data.DatabaseConfiguration.DatabaseBeans;
import backupsync.observe.SyncMetrics;
import backupsync.schedule.ClusterNode;
import backupsync.schedule.RecoverInterruptedRuns;
import backupsync.schedule.ReplicationPolicies;
import backupsync.schedule.ReplicationRpo;
import backupsync.storage.BackupStores;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Verify jobs (docs/verify.md): policies, runs on the replication's clustered Quartz scheduler, reports, metrics and
 * web hooks. A test may bind a {@link ReadPacing} as {@value ReadPacing#BEAN} before start to run the read limit on
 * its own clock.
 */
public final class VerifyConfiguration {
    private VerifyConfiguration() {
    }

    public static void bind(CamelContext context, VerifySettings settings, DatabaseBeans database, SessionService sessions,
                            BackupStores stores, ClusterNode node, SyncMetrics syncMetrics, StartupWork work) {
        Registry registry = context.getRegistry();
        NamedParameterJdbcTemplate jdbc = database.jdbc();
        ReadPacing pacing = registry.lookupByNameAndType(ReadPacing.BEAN, ReadPacing.class);
        if (pacing == null) {
            pacing = ReadPacing.SYSTEM;
        }
        RecoverInterruptedRuns recover = new RecoverInterruptedRuns(jdbc, node, "verify");
        work.add("mark the verify runs of dead nodes Interrupted", recover::recover);
        VerifyMetrics metrics = new VerifyMetrics(syncMetrics, jdbc);
        work.add("read the verification ages for the metrics", metrics::refresh);
        ScheduledExecutorService hookScheduler = context.getExecutorServiceManager()
                .newScheduledThreadPool(VerifyConfiguration.class, "verify-web-hooks", 1);
        VerifyNotifier notifier = new VerifyNotifier(hookScheduler, settings.webHookAttempts(),
                settings.webHookBackoffMs(), settings.webHookTimeoutMs());
        VerifyPolicies policies = new VerifyPolicies(jdbc);
        VerifyRecords records = new VerifyRecords(jdbc);
        VerifyReports reports = new VerifyReports(jdbc);
        registry.bind("verifyPolicies", policies);
        registry.bind("verifyNotifier", notifier);
        registry.bind("recoverInterruptedVerifyRuns", recover);
        registry.bind("claimVerifyRun", new ClaimVerifyRun(jdbc, database.transactions(), policies, node, pacing));
        registry.bind("verifyOneCopy", new VerifyOneCopy(records, stores,
                new CopyChecker(settings.readBufferSize(), pacing), metrics));
        registry.bind("reconcileStores", new ReconcileStores(jdbc, records, stores, metrics));
        registry.bind("finishVerifyRun", new FinishVerifyRun(jdbc, records, reports, metrics, notifier));
        ReplicationPolicies replicationPolicies = registry.lookupByNameAndType("replicationPolicies", ReplicationPolicies.class);
        ReplicationRpo rpo = registry.lookupByNameAndType("replicationRpo", ReplicationRpo.class);
        RpoAlarms rpoAlarms = new RpoAlarms(jdbc, replicationPolicies, rpo, syncMetrics, notifier);
        work.add("show the replication policies' RPO in the metrics", rpoAlarms::registerGauges);
        registry.bind("rpoAlarms", rpoAlarms);
        registry.bind("verifyDoor", new VerifyDoor(sessions, policies, reports, node.nodeId()));
    }
}
