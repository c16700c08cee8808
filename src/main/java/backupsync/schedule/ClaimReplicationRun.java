package backupsync.schedule;

import java.util.Date;

import backupsync.api.Uuids;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Step "claimPolicyAndRecordRun": takes the policy's cluster-wide running marker and records the run as Running,
 * in one transaction ({@link PolicyRunClaim}). Sets {@link ReplicationRun#PROPERTY} when claimed.
 */
public class ClaimReplicationRun implements Processor {
    /** Exchange properties the trigger routes and the REST door set. */
    public static final String POLICY_UUID = "replicationPolicyUuid";
    public static final String TRIGGERED_BY = "replicationTriggeredBy";

    private final ReplicationPolicies policies;
    private final PolicyRunClaim claim;

    public ClaimReplicationRun(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                               ReplicationPolicies policies, ClusterNode node) {
        this.policies = policies;
        this.claim = new PolicyRunClaim(jdbc, transactionManager, node, "replication");
    }

    @Override
    public void process(Exchange exchange) {
        String triggeredBy = exchange.getProperty(TRIGGERED_BY, String.class);
        boolean byApi = ReplicationRun.BY_API.equals(triggeredBy);
        ReplicationPolicy policy = policies.require(exchange.getProperty(POLICY_UUID, String.class));
        if (!policy.isEnabled()) {
            claim.refuseDisabled(byApi, policy.uuid(), policy.name());
            return;
        }
        Date fireTime = byApi ? null : exchange.getMessage().getHeader(PolicyRunClaim.SCHEDULED_FIRE_TIME, Date.class);
        String runUuid = Uuids.random();
        if (!claim.claim(policy.uuid(), runUuid, triggeredBy, fireTime)) {
            claim.refuseBusy(byApi, policy.uuid(), policy.name(), fireTime, policies.require(policy.uuid()).runningRunUuid());
            return;
        }
        exchange.setProperty(ReplicationRun.PROPERTY, new ReplicationRun(runUuid, policy, triggeredBy));
    }
}
