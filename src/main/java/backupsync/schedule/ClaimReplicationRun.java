package backupsync.schedule;

import java.sql.Timestamp;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.data.SqlFiles;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Step "claimPolicyAndRecordRun": takes the policy's cluster-wide running marker and records the run as Running,
 * in one transaction. A run over the API that cannot start gets an ErrorCode; a scheduled fire that cannot start
 * (policy Disabled, a run still in progress) is only logged. Sets {@link ReplicationRun#PROPERTY} when claimed.
 */
public class ClaimReplicationRun implements Processor {
    /** Exchange properties the trigger routes and the REST door set. */
    public static final String POLICY_UUID = "replicationPolicyUuid";
    public static final String TRIGGERED_BY = "replicationTriggeredBy";
    /** Header camel-quartz sets on each fire: the fire time Quartz planned, the same on every node. */
    public static final String SCHEDULED_FIRE_TIME = "scheduledFireTime";
    private static final Logger LOG = LoggerFactory.getLogger(ClaimReplicationRun.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ReplicationPolicies policies;
    private final ClusterNode node;

    public ClaimReplicationRun(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                               ReplicationPolicies policies, ClusterNode node) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.policies = policies;
        this.node = node;
    }

    @Override
    public void process(Exchange exchange) {
        String triggeredBy = exchange.getProperty(TRIGGERED_BY, String.class);
        boolean byApi = ReplicationRun.BY_API.equals(triggeredBy);
        ReplicationPolicy policy = policies.require(exchange.getProperty(POLICY_UUID, String.class));
        if (!policy.isEnabled()) {
            if (byApi) {
                throw new ApiException(ZStackError.OPERATION_ERROR,
                        "replication policy[uuid:%s] is Disabled; enable it in the inventory to run it".formatted(policy.uuid()));
            }
            LOG.info("replication policy {} ({}) is Disabled: scheduled fire ignored", policy.uuid(), policy.name());
            return;
        }
        Date fireTime = byApi ? null : exchange.getMessage().getHeader(SCHEDULED_FIRE_TIME, Date.class);
        String runUuid = Uuids.random();
        if (!claim(policy, runUuid, triggeredBy, fireTime)) {
            String holder = policies.require(policy.uuid()).runningRunUuid();
            if (byApi) {
                throw new ApiException(ZStackError.OPERATION_ERROR,
                        "replication policy[uuid:%s] is already running (run %s); wait for that run to finish"
                                .formatted(policy.uuid(), holder));
            }
            LOG.info("replication policy {} ({}): fire of {} skipped, run {} is still in progress", policy.uuid(),
                    policy.name(), fireTime, holder);
            return;
        }
        exchange.setProperty(ReplicationRun.PROPERTY, new ReplicationRun(runUuid, policy, triggeredBy));
    }

    private boolean claim(ReplicationPolicy policy, String runUuid, String triggeredBy, Date fireTime) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("policyUuid", policy.uuid());
        parameters.put("runUuid", runUuid);
        parameters.put("triggeredBy", triggeredBy);
        parameters.put("scheduledFireTime", fireTime == null ? null : new Timestamp(fireTime.getTime()));
        parameters.put("nodeId", node.nodeId());
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> {
                if (jdbc.update(SqlFiles.load("claim-replication-policy"), parameters) == 0) {
                    return false;
                }
                jdbc.update(SqlFiles.load("insert-replication-run"), parameters);
                return true;
            }));
        } catch (DuplicateKeyException alreadyRunForThisFireTime) {
            // Another node already ran this very fire time; the transaction gave the marker back.
            return false;
        }
    }
}
