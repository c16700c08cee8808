package backupsync.schedule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.data.Rows;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apache.camel.Exchange;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * Steps "prepareReplicationDryRun" and "listReplicationCandidates": {"runReplicationPolicy": {"dryRun": true}} lists
 * what a run would copy now (each backup and destination with its bytes, their count and sum) from the same candidate
 * query, and claims, copies and records nothing.
 */
public class ReplicationDryRun {
    public static final String DRY_RUN = "replicationDryRun";
    public static final String RESULT = "replicationDryRunResult";
    private static final String POLICY = "replicationDryRunPolicy";

    @JsonPropertyOrder({"policyUuid", "dryRun", "candidates", "bytes", "items"})
    public record Listing(String policyUuid, boolean dryRun, long candidates, long bytes, List<Item> items) {
    }

    @JsonPropertyOrder({"databaseBackupUuid", "backupStorageUuid", "bytes"})
    public record Item(String databaseBackupUuid, String backupStorageUuid, long bytes) {
    }

    private final ReplicationPolicies policies;

    public ReplicationDryRun(ReplicationPolicies policies) {
        this.policies = policies;
    }

    public static boolean isDryRun(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(DRY_RUN, Boolean.class));
    }

    /** The policy must exist and be Enabled, as for a real run; the body becomes the candidate query's parameters. */
    public void prepare(Exchange exchange) {
        ReplicationPolicy policy = policies.require(exchange.getProperty(ClaimReplicationRun.POLICY_UUID, String.class));
        if (!policy.isEnabled()) {
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "replication policy[uuid:%s] is Disabled; enable it in the inventory to run it".formatted(policy.uuid()));
        }
        exchange.setProperty(POLICY, policy.uuid());
        exchange.getMessage().setBody(policy.getCandidateParameters());
    }

    /** Reads the streamed candidates into the listing. */
    public void list(Exchange exchange) {
        List<Item> items = new ArrayList<>();
        long bytes = 0;
        Iterator<?> rows = exchange.getMessage().getBody(Iterator.class);
        while (rows != null && rows.hasNext()) {
            Map<String, Object> row = new LinkedCaseInsensitiveMap<>();
            ((Map<?, ?>) rows.next()).forEach((key, value) -> row.put(String.valueOf(key), value));
            long size = Rows.toLong(row.get("size"));
            items.add(new Item((String) row.get("backupUuid"), (String) row.get("dstBackupStorageUuid"), size));
            bytes += size;
        }
        exchange.setProperty(RESULT, new Listing(exchange.getProperty(POLICY, String.class), true, items.size(), bytes, items));
        exchange.getMessage().setBody(null);
    }

}
