package backupsync.verify;

import org.apache.camel.builder.RouteBuilder;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;

import backupsync.pipeline.SyncContext;

/**
 * Verify runs (docs/verify.md). Per policy: a clustered Quartz trigger (one node fires each fire time). Shared by
 * all: claim the run, stream the policy's Ready copies (one SQL query), check each where it lies at the policy's read
 * limit, repair a bad one through the sync pipeline (direct:syncDatabaseBackup), list orphan files, store the report.
 * Step ids are unique per context, so the steps of a policy's own routes end with its uuid.
 */
public class VerifyRoutes extends RouteBuilder {
    /** Quartz trigger group of the verify policies' triggers; the trigger name is the policy uuid. */
    public static final String TRIGGER_GROUP = "verify";

    @Override
    public void configure() throws Exception {
        VerifyPolicies policies = getContext().getRegistry().lookupByNameAndType("verifyPolicies", VerifyPolicies.class);
        Scheduler scheduler = getContext().getRegistry().lookupByNameAndType("quartzScheduler", Scheduler.class);
        if (policies == null) {
            return;
        }
        for (VerifyPolicy policy : policies.all()) {
            if (policy.isEnabled()) {
                scheduleRuns(policy);
            } else {
                // A policy switched off keeps no trigger in the shared job store, whichever node created it.
                scheduler.unscheduleJob(TriggerKey.triggerKey(policy.uuid(), TRIGGER_GROUP));
            }
        }

        from("timer:checkReplicationRpo?period={{backupsync.verify.rpo-check-period}}&delay={{backupsync.verify.rpo-check-period}}")
                .routeId("checkReplicationRpo")
                .description("Raise or clear each replication policy's RPO alarm against its rpoThresholdMinutes")
                .errorHandler(noErrorHandler())
                .doTry().id("checkRpoAndCarryOn")
                    .bean("rpoAlarms", "check").id("checkRpoThresholds")
                .doCatch(Exception.class).id("rpoCheckFailed")
                    .log(org.apache.camel.LoggingLevel.WARN, "replication RPO check failed: ${exception.message}").id("logRpoCheckFailure")
                .end();

        from("direct:startVerifyRun").routeId("startVerifyRun")
                .description("Claim a run asked for over the API; a real run goes on in the background, a dry run runs now")
                .errorHandler(noErrorHandler())
                .to("direct:claimVerifyRun").id("claimVerifyRunNow")
                .choice().id("dryRun?")
                    .when(simple("${exchangeProperty." + VerifyRun.PROPERTY + ".dryRun}"))
                        .to("direct:executeVerifyRun").id("listWhatWouldBeRead")
                    .otherwise()
                        // The caller polls GET .../verify-runs/{runUuid}.
                        .wireTap("direct:executeVerifyRun").id("executeVerifyRunInBackground")
                .end();

        from("direct:claimVerifyRun").routeId("claimVerifyRun")
                .description("Mark verify runs of dead nodes Interrupted, then take the policy's running marker and record the run")
                .errorHandler(noErrorHandler())
                .process("recoverInterruptedVerifyRuns").id("markInterruptedVerifyRuns")
                .process("claimVerifyRun").id("claimPolicyAndRecordVerifyRun");

        from("direct:executeVerifyRun").routeId("executeVerifyRun")
                .description("Stream the policy's Ready copies (one SQL query), check each, list orphans, store the report")
                .errorHandler(noErrorHandler())
                .doTry().id("verifyWithReport")
                    .setBody(simple("${exchangeProperty." + VerifyRun.PROPERTY + ".candidateParameters}"))
                        .id("verifyCandidateParameters")
                    .to("sql:classpath:sql/select-verify-candidates.sql?outputType=StreamList"
                            + "&template.fetchSize={{backupsync.verify.candidate-fetch-size}}")
                        .id("selectReadyCopies")
                    // One copy at a time: the run's read limit is one rate, and production I/O keeps the rest.
                    .split(body()).streaming().id("eachCopy")
                        .to("direct:verifyOneCopy").id("verifyEachCopy")
                    .end()
                    // Files no ref names, and refs whose file is gone (also those skipped as recently verified).
                    .filter(simple("${exchangeProperty." + VerifyRun.PROPERTY + ".dryRun} == false")).id("realRun?")
                        .bean("reconcileStores", "listOrphans").id("listOrphans")
                    .endDoTry()
                .doCatch(Exception.class).id("verifyRunFailed")
                    .bean("finishVerifyRun", "recordRunFailure").id("recordVerifyRunFailure")
                .doFinally().id("alwaysReportVerifyRun")
                    .bean("finishVerifyRun", "finishRun").id("finishVerifyRun")
                .end();

        from("direct:verifyOneCopy").routeId("verifyOneCopy")
                .description("Check one copy where it lies; with repair, sync a bad one again from a good copy")
                .errorHandler(noErrorHandler())
                .bean("verifyOneCopy", "checkCopy").id("checkCopy")
                .filter(exchangeProperty(SyncContext.PROPERTY).isNotNull()).id("repairWanted?")
                    .doTry().id("repairAndRecord")
                        .to("direct:syncDatabaseBackup").id("syncFromGoodCopy")
                        .bean("verifyOneCopy", "recordRepaired").id("recordRepaired")
                    .doCatch(Exception.class).id("repairFailed")
                        .to("direct:undoReservation").id("undoFailedRepair")
                        .bean("verifyOneCopy", "recordRepairFailed").id("recordRepairFailed")
                    .end()
                .end();
    }

    /** Fires on one node per fire time; stateful: Quartz never starts the job again while it still runs. */
    private void scheduleRuns(VerifyPolicy policy) {
        fromF("quartz://%s/%s?cron=%s&stateful=true", TRIGGER_GROUP, policy.uuid(), policy.schedule().strip().replaceAll("\\s+", "+"))
                .routeId("verifyTrigger-" + policy.uuid())
                .description("Run verify policy " + policy.name() + " on '" + policy.schedule() + "'")
                .errorHandler(noErrorHandler())
                .setProperty(ClaimVerifyRun.POLICY_UUID, constant(policy.uuid())).id("whichVerifyPolicy-" + policy.uuid())
                .setProperty(ClaimVerifyRun.TRIGGERED_BY, constant(VerifyRun.BY_SCHEDULE))
                    .id("verifyBySchedule-" + policy.uuid())
                .to("direct:claimVerifyRun").id("claimScheduledVerifyRun-" + policy.uuid())
                .filter(exchangeProperty(VerifyRun.PROPERTY).isNotNull()).id("verifyClaimed?-" + policy.uuid())
                    .to("direct:executeVerifyRun").id("executeScheduledVerifyRun-" + policy.uuid())
                .end();
    }
}
