package backupsync.verify;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.bandwidth.Bandwidth;
import backupsync.data.SqlFiles;
import backupsync.schedule.ClusterNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Step "claimPolicyAndRecordVerifyRun": takes the verify policy's cluster-wide running marker and records the run as
 * Running, in one transaction, as a replication run does. A dry run claims nothing and records nothing: it only
 * lists. A run over the API that cannot start gets an ErrorCode; a scheduled fire that cannot start is logged.
 */
public class ClaimVerifyRun implements Processor {
    public static final String POLICY_UUID = "verifyPolicyUuid";
    public static final String TRIGGERED_BY = "verifyTriggeredBy";
    public static final String DRY_RUN = "verifyDryRun";
    /** Header camel-quartz sets on each fire: the fire time Quartz planned, the same on every node. */
    public static final String SCHEDULED_FIRE_TIME = "scheduledFireTime";
    private static final Logger LOG = LoggerFactory.getLogger(ClaimVerifyRun.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final VerifyPolicies policies;
    private final ClusterNode node;
    private final ReadPacing pacing;

    public ClaimVerifyRun(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                          VerifyPolicies policies, ClusterNode node, ReadPacing pacing) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.policies = policies;
        this.node = node;
        this.pacing = pacing;
    }

    @Override
    public void process(Exchange exchange) {
        String triggeredBy = exchange.getProperty(TRIGGERED_BY, String.class);
        boolean byApi = VerifyRun.BY_API.equals(triggeredBy);
        boolean dryRun = Boolean.TRUE.equals(exchange.getProperty(DRY_RUN, Boolean.class));
        VerifyPolicy policy = policies.require(exchange.getProperty(POLICY_UUID, String.class));
        if (!policy.isEnabled()) {
            if (byApi) {
                throw new ApiException(ZStackError.OPERATION_ERROR,
                        "verify policy[uuid:%s] is Disabled; enable it in the inventory to run it".formatted(policy.uuid()));
            }
            LOG.info("verify policy {} ({}) is Disabled: scheduled fire ignored", policy.uuid(), policy.name());
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
        Date fireTime = byApi ? null : exchange.getMessage().getHeader(SCHEDULED_FIRE_TIME, Date.class);
        if (!claim(policy, runUuid, triggeredBy, fireTime)) {
            String holder = policies.require(policy.uuid()).runningRunUuid();
            if (byApi) {
                throw new ApiException(ZStackError.OPERATION_ERROR,
                        "verify policy[uuid:%s] is already running (run %s); wait for that run to finish"
                                .formatted(policy.uuid(), holder));
            }
            LOG.info("verify policy {} ({}): fire of {} skipped, run {} is still in progress", policy.uuid(),
                    policy.name(), fireTime, holder);
            return;
        }
        exchange.setProperty(VerifyRun.PROPERTY, new VerifyRun(runUuid, policy, triggeredBy, false, readLimit));
    }

    private boolean claim(VerifyPolicy policy, String runUuid, String triggeredBy, Date fireTime) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("policyUuid", policy.uuid());
        parameters.put("runUuid", runUuid);
        parameters.put("triggeredBy", triggeredBy);
        parameters.put("scheduledFireTime", fireTime == null ? null : new Timestamp(fireTime.getTime()));
        parameters.put("nodeId", node.nodeId());
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> {
                if (jdbc.update(SqlFiles.load("claim-verify-policy"), parameters) == 0) {
                    return false;
                }
                jdbc.update(SqlFiles.load("insert-verify-run"), parameters);
                return true;
            }));
        } catch (DuplicateKeyException alreadyRunForThisFireTime) {
            return false;
        }
    }
}
