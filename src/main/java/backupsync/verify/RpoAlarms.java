package backupsync.verify;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import backupsync.data.SqlFiles;
import backupsync.observe.SyncMetrics;
import backupsync.schedule.ReplicationPolicies;
import backupsync.schedule.ReplicationPolicy;
import backupsync.schedule.ReplicationRpo;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The replication policies' RPO at /observe/metrics (backupsync_replication_rpo_seconds{policy},
 * backupsync_replication_pending_copies{policy}) and its threshold: step "checkReplicationRpo", every
 * {@code backupsync.verify.rpo-check-period}, raises the alarm of a policy whose RPO is above its
 * {@code rpoThresholdMinutes} and clears it once it is back under; each change is a conditional UPDATE of
 * ReplicationPolicyVO.rpoAlertSince, so exactly one node logs it and calls the policy's web hook, once per crossing.
 */
public class RpoAlarms {
    public static final String EXCEEDED_EVENT = "replication.rpoExceeded";
    public static final String RECOVERED_EVENT = "replication.rpoRecovered";
    private static final Logger LOG = LoggerFactory.getLogger(RpoAlarms.class);
    private static final long REFRESH_MS = 5000;

    private final NamedParameterJdbcTemplate jdbc;
    private final ReplicationPolicies policies;
    private final ReplicationRpo rpo;
    private final SyncMetrics metrics;
    private final VerifyNotifier notifier;
    private final Set<String> withGauges = ConcurrentHashMap.newKeySet();
    private final Map<String, ReplicationRpo.Measure> measures = new ConcurrentHashMap<>();

    public RpoAlarms(NamedParameterJdbcTemplate jdbc, ReplicationPolicies policies, ReplicationRpo rpo, SyncMetrics metrics,
                     VerifyNotifier notifier) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.rpo = rpo;
        this.metrics = metrics;
        this.notifier = notifier;
    }

    /** At start-up, once the inventory is loaded: one gauge per policy. */
    public void registerGauges() {
        for (ReplicationPolicy policy : policies.all()) {
            if (withGauges.add(policy.uuid())) {
                Tags tags = Tags.of("policy", policy.uuid(), "name", policy.name());
                metrics.gauge("backupsync.replication.rpo.seconds",
                        "Age of the newest source backup the policy has not yet copied to every destination (0: none pending)",
                        tags, () -> measured(policy.uuid()).seconds());
                metrics.gauge("backupsync.replication.pending.copies", "Copies the policy's next run would make", tags,
                        () -> measured(policy.uuid()).pendingCopies());
            }
        }
    }

    private ReplicationRpo.Measure measured(String policyUuid) {
        ReplicationRpo.Measure last = measures.get(policyUuid);
        if (last == null || System.currentTimeMillis() - last.measuredAt() > REFRESH_MS) {
            try {
                last = rpo.measure(policies.require(policyUuid));
                measures.put(policyUuid, last);
            } catch (RuntimeException databaseAway) {
                return last == null ? new ReplicationRpo.Measure(0, 0, 0) : last;
            }
        }
        return last;
    }

    /** Step "checkReplicationRpo". */
    public void check() {
        for (ReplicationPolicy policy : policies.all()) {
            if (policy.rpoThresholdMinutes() == null || !policy.isEnabled()) {
                continue;
            }
            ReplicationRpo.Measure measure = rpo.measure(policy);
            measures.put(policy.uuid(), measure);
            long threshold = policy.rpoThresholdMinutes() * 60L;
            if (measure.seconds() > threshold) {
                if (jdbc.update(SqlFiles.load("raise-replication-rpo-alert"), Map.of("uuid", policy.uuid())) == 1) {
                    LOG.warn("replication policy {} ({}): RPO {} s is above its threshold of {} min ({} copies pending)",
                            policy.uuid(), policy.name(), measure.seconds(), policy.rpoThresholdMinutes(), measure.pendingCopies());
                    notify(policy, EXCEEDED_EVENT, measure);
                }
            } else if (jdbc.update(SqlFiles.load("clear-replication-rpo-alert"), Map.of("uuid", policy.uuid())) == 1) {
                LOG.info("replication policy {} ({}): RPO {} s is back under its threshold of {} min", policy.uuid(),
                        policy.name(), measure.seconds(), policy.rpoThresholdMinutes());
                notify(policy, RECOVERED_EVENT, measure);
            }
        }
    }

    private void notify(ReplicationPolicy policy, String event, ReplicationRpo.Measure measure) {
        if (policy.webHook() != null) {
            notifier.notify(policy.webHook(), event, policy.uuid(), Map.of("event", event,
                    "inventory", policies.require(policy.uuid()).withRpo(measure.seconds(), measure.pendingCopies())));
        }
    }
}
