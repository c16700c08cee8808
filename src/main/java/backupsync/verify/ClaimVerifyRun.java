package backupsync.verify;

import java.time.Clock;
import java.util.Date;

import backupsync.api.Uuids;
import backupsync.bandwidth.Bandwidth;
import backupsync.schedule.ClusterNode;
import backupsync.schedule.PolicyRunClaim;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Step "claimPolicyAndRecordVerifyRun": takes the verify policy's cluster-wide running marker and records the run as
 * Running, in one transaction, as a replication run does ({@link PolicyRunClaim}). A dry run claims nothing and
 * records nothing: it only lists.
 */
public class ClaimVerifyRun implements Processor {
    public static final String POLICY_UUID = "verifyPolicyUuid";
    public static final String TRIGGERED_BY = "verifyTriggeredBy";
    public static final String DRY_RUN = "verifyDryRun";

    private final VerifyPolicies policies;
    private final PolicyRunClaim claim;
    private final ReadPacing pacing;

    public ClaimVerifyRun(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                          VerifyPolicies policies, ClusterNode node, ReadPacing pacing) {
        this.policies = policies;
        this.claim = new PolicyRunClaim(jdbc, transactionManager, node, "verify");
        this.pacing = pacing;
    }

    @Override
    public void process(Exchange exchange) {
        String triggeredBy = exchange.getProperty(TRIGGERED_BY, String.class);
        boolean byApi = VerifyRun.BY_API.equals(triggeredBy);
        boolean dryRun = Boolean.TRUE.equals(exchange.getProperty(DRY_RUN, Boolean.class));
        VerifyPolicy policy = policies.require(exchange.getProperty(POLICY_UUID, String.class));
        if (!policy.isEnabled()) {
            claim.refuseDisabled(byApi, policy.uuid(), policy.name());
            return;
        }
        String runUuid = Uuids.random();
        // Each run its own bucket: one run's reads are held to the policy's rate, whatever the others do.
        Bandwidth readLimit = new Bandwidth("verify-policy", policy.uuid(), policy.readTimetable(),
                Clock.systemDefaultZone(), pacing.nanoTime());
        if (dryRun) {
            exchange.setProperty(VerifyRun.PROPERTY, new VerifyRun(runUuid, policy, triggeredBy, true, readLimit));
            return;
        }
        Date fireTime = byApi ? null : exchange.getMessage().getHeader(PolicyRunClaim.SCHEDULED_FIRE_TIME, Date.class);
        if (!claim.claim(policy.uuid(), runUuid, triggeredBy, fireTime)) {
            claim.refuseBusy(byApi, policy.uuid(), policy.name(), fireTime, policies.require(policy.uuid()).runningRunUuid());
            return;
        }
        exchange.setProperty(VerifyRun.PROPERTY, new VerifyRun(runUuid, policy, triggeredBy, false, readLimit));
    }
}
