package backupsync.schedule;

import org.apache.camel.builder.RouteBuilder;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;

/**
 * Scheduled batch replication. Per policy: a clustered Quartz trigger (one node fires each fire time) and the
 * split of its candidates on the policy's own pool. Shared by all: claim the run, stream the candidates (one SQL
 * query), sync each through the same pipeline as the API (direct:syncDatabaseBackup), record the report.
 * Step ids are unique per context, so the steps of a policy's own routes end with its uuid.
 */
public class ReplicationRoutes extends RouteBuilder {
    /** Quartz trigger group of the policies' triggers; the trigger name is the policy uuid. */
    public static final String TRIGGER_GROUP = "replication";

    @Override
    public void configure() throws Exception {
        ReplicationPolicies policies = lookup("replicationPolicies", ReplicationPolicies.class);
        CopyPools copyPools = lookup("copyPools", CopyPools.class);
        Scheduler scheduler = lookup("quartzScheduler", Scheduler.class);
        if (policies == null) {
            return;
        }
        for (ReplicationPolicy policy : policies.all()) {
            if (policy.isEnabled()) {
                scheduleRuns(policy);
            } else {
                // A policy switched off keeps no trigger in the shared job store, whichever node created it.
                scheduler.unscheduleJob(TriggerKey.triggerKey(policy.uuid(), TRIGGER_GROUP));
            }
            from("direct:replicateCandidates-" + policy.uuid()).routeId("replicateCandidates-" + policy.uuid())
                    .description("Copy the streamed candidates of policy " + policy.name() + ", "
                            + policy.maxParallelCopies() + " at a time")
                    .errorHandler(noErrorHandler())
                    .split(body()).streaming().parallelProcessing().executorService(copyPools.forPolicy(policy))
                        .id("eachCandidate-" + policy.uuid())
                        .to("direct:replicateOneBackup").id("replicateCandidate-" + policy.uuid())
                    .end();
        }

        from("direct:startReplicationRun").routeId("startReplicationRun")
                .description("A run asked for over the API: claimed and run in the background, or a dry run that lists what it would copy")
                .errorHandler(noErrorHandler())
                .choice().id("replicationDryRun?")
                    .when(ReplicationDryRun::isDryRun)
                        .bean("replicationDryRun", "prepare").id("prepareReplicationDryRun")
                        .to("sql:classpath:sql/select-replication-candidates.sql?outputType=StreamList"
                                + "&template.fetchSize={{backupsync.replication.candidate-fetch-size}}")
                            .id("selectDryRunCandidates")
                        .bean("replicationDryRun", "list").id("listReplicationCandidates")
                    .otherwise()
                        .to("direct:claimReplicationRun").id("claimRunNow")
                        // The run goes on in the background; the caller polls GET .../replication-runs/{runUuid}.
                        .wireTap("direct:executeReplicationRun").id("executeRunInBackground")
                .end();

        from("direct:claimReplicationRun").routeId("claimReplicationRun")
                .description("Mark runs of dead nodes Interrupted, then take the policy's running marker and record the run")
                .errorHandler(noErrorHandler())
                .process("recoverInterruptedRuns").id("markInterruptedRuns")
                .process("claimReplicationRun").id("claimPolicyAndRecordRun");

        from("direct:executeReplicationRun").routeId("executeReplicationRun")
                .description("Stream the candidates (one SQL query), copy each, store the report")
                .errorHandler(noErrorHandler())
                .doTry().id("runWithReport")
                    .setBody(simple("${exchangeProperty." + ReplicationRun.PROPERTY + ".candidateParameters}"))
                        .id("candidateParameters")
                    .to("sql:classpath:sql/select-replication-candidates.sql?outputType=StreamList"
                            + "&template.fetchSize={{backupsync.replication.candidate-fetch-size}}")
                        .id("selectCandidates")
                    .toD("direct:replicateCandidates-${exchangeProperty." + ReplicationRun.PROPERTY + ".policyUuid}")
                        .id("replicateEachCandidate")
                .doCatch(Exception.class).id("runFailed")
                    .bean("finishReplicationRun", "recordRunFailure").id("recordRunFailure")
                .doFinally().id("alwaysReport")
                    .bean("finishReplicationRun", "finishRun").id("finishRun")
                .end();

        from("direct:replicateOneBackup").routeId("replicateOneBackup")
                .description("Sync one candidate through the pipeline; a failure is undone, recorded, and the run goes on")
                .errorHandler(noErrorHandler())
                .process("prepareReplicationSync").id("prepareReplicationSync")
                .doTry().id("syncAndCount")
                    .to("direct:syncDatabaseBackup").id("syncCandidate")
                    .bean("recordReplicationOutcome", "countCopiedOrSkipped").id("countCopiedOrSkipped")
                .doCatch(Exception.class).id("copyFailed")
                    .to("direct:undoReservation").id("undoFailedReservation")
                    .bean("recordReplicationOutcome", "recordFailedCopy").id("recordFailedCopy")
                .end();
    }

    /** Fires on one node per fire time; stateful: Quartz never starts the job again while it still runs. */
    private void scheduleRuns(ReplicationPolicy policy) {
        fromF("quartz://%s/%s?cron=%s&stateful=true", TRIGGER_GROUP, policy.uuid(), policy.schedule().strip().replaceAll("\\s+", "+"))
                .routeId("replicationTrigger-" + policy.uuid())
                .description("Run policy " + policy.name() + " on '" + policy.schedule() + "'")
                .errorHandler(noErrorHandler())
                .setProperty(ClaimReplicationRun.POLICY_UUID, constant(policy.uuid())).id("whichPolicy-" + policy.uuid())
                .setProperty(ClaimReplicationRun.TRIGGERED_BY, constant(ReplicationRun.BY_SCHEDULE))
                    .id("bySchedule-" + policy.uuid())
                .to("direct:claimReplicationRun").id("claimScheduledRun-" + policy.uuid())
                .filter(exchangeProperty(ReplicationRun.PROPERTY).isNotNull()).id("claimed?-" + policy.uuid())
                    .to("direct:executeReplicationRun").id("executeScheduledRun-" + policy.uuid())
                .end();
    }

    private <T> T lookup(String name, Class<T> type) {
        return getContext().getRegistry().lookupByNameAndType(name, type);
    }
}
