package backupsync.schedule;

import backupsync.auth.SessionService;
import backupsync.config.StartupWork;
import backupsync.data.DatabaseConfiguration.DatabaseBeans;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.quartz.Scheduler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Scheduled batch replication (docs/replication.md): the clustered Quartz scheduler, policies, runs and reports. */
public final class ScheduleConfiguration {
    private ScheduleConfiguration() {
    }

    /** @return this node as the cluster sees it, for the verify runs that share the scheduler */
    public static ClusterNode bind(CamelContext context, ReplicationSettings settings, DatabaseBeans database,
                                   SessionService sessions, StartupWork work) throws Exception {
        Registry registry = context.getRegistry();
        NamedParameterJdbcTemplate jdbc = database.jdbc();
        ClusterNode node = ClusterNode.start(settings.schedulerName(), settings.checkinIntervalMs());
        RecoverInterruptedRuns recoverInterruptedRuns = new RecoverInterruptedRuns(jdbc, node, "replication");
        work.add("mark the replication runs of dead nodes Interrupted", recoverInterruptedRuns::recover);

        Scheduler scheduler = ClusteredScheduler.create(node, database.dataSource(), settings.driverDelegate(),
                settings.threadCount());
        QuartzComponent quartz = new QuartzComponent();
        quartz.setScheduler(scheduler);
        registry.bind("quartz", quartz);
        registry.bind("quartzScheduler", scheduler);
        // The scheduler's check-ins are this node's heartbeat: start it even when no policy is scheduled here.
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                if (!scheduler.isStarted()) {
                    scheduler.start();
                }
            }
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                scheduler.shutdown(true);
            }
        });

        ReplicationPolicies policies = new ReplicationPolicies(jdbc);
        registry.bind("replicationPolicies", policies);
        registry.bind("copyPools", new CopyPools(context));
        registry.bind("recoverInterruptedRuns", recoverInterruptedRuns);
        registry.bind("claimReplicationRun", new ClaimReplicationRun(jdbc, database.transactions(), policies, node));
        registry.bind("prepareReplicationSync", new PrepareReplicationSync());
        registry.bind("recordReplicationOutcome", new RecordReplicationOutcome(jdbc));
        registry.bind("finishReplicationRun", new FinishReplicationRun(jdbc));
        ReplicationRpo rpo = new ReplicationRpo(jdbc);
        registry.bind("replicationRpo", rpo);
        registry.bind("replicationDryRun", new ReplicationDryRun(policies));
        registry.bind("replicationDoor", new ReplicationDoor(sessions, policies, new ReplicationReports(jdbc), rpo));
        return node;
    }
}
