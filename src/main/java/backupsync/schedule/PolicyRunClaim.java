package backupsync.schedule;

import java.sql.Timestamp;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.data.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a policy's cluster-wide running marker and records its run as Running, in one transaction, for one kind of
 * policy ("replication" or "verify": the statements {@code claim-<kind>-policy} and {@code insert-<kind>-run}).
 * A run that cannot start is refused with an ErrorCode when the API asked for it, and only logged when it was a
 * scheduled fire (every node's Quartz fires; one claims).
 */
public class PolicyRunClaim {
    /** Header camel-quartz sets on each fire: the fire time Quartz planned, the same on every node. */
    public static final String SCHEDULED_FIRE_TIME = "scheduledFireTime";
    private static final Logger LOG = LoggerFactory.getLogger(PolicyRunClaim.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ClusterNode node;
    private final String kind;

    public PolicyRunClaim(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                          ClusterNode node, String kind) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.node = node;
        this.kind = kind;
    }

    /** False when the policy is already running, or another node already ran this very fire time. */
    public boolean claim(String policyUuid, String runUuid, String triggeredBy, Date fireTime) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("policyUuid", policyUuid);
        parameters.put("runUuid", runUuid);
        parameters.put("triggeredBy", triggeredBy);
        parameters.put("scheduledFireTime", fireTime == null ? null : new Timestamp(fireTime.getTime()));
        parameters.put("nodeId", node.nodeId());
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> {
                if (jdbc.update(SqlFiles.load("claim-%s-policy".formatted(kind)), parameters) == 0) {
                    return false;
                }
                jdbc.update(SqlFiles.load("insert-%s-run".formatted(kind)), parameters);
                return true;
            }));
        } catch (DuplicateKeyException alreadyRunForThisFireTime) {
            // The transaction gave the marker back.
            return false;
        }
    }

    /** A Disabled policy does not run. */
    public void refuseDisabled(boolean byApi, String policyUuid, String policyName) {
        if (byApi) {
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "%s policy[uuid:%s] is Disabled; enable it in the inventory to run it".formatted(kind, policyUuid));
        }
        LOG.info("{} policy {} ({}) is Disabled: scheduled fire ignored", kind, policyUuid, policyName);
    }

    /** A policy runs once at a time; {@code holder} is the run still in progress. */
    public void refuseBusy(boolean byApi, String policyUuid, String policyName, Date fireTime, String holder) {
        if (byApi) {
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "%s policy[uuid:%s] is already running (run %s); wait for that run to finish"
                            .formatted(kind, policyUuid, holder));
        }
        LOG.info("{} policy {} ({}): fire of {} skipped, run {} is still in progress", kind, policyUuid, policyName,
                fireTime, holder);
    }
}
