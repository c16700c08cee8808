package backupsync.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import backupsync.data.InventoryFile.Entry;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The inventory's {@code replicationPolicies} (docs/replication.md), upserted by uuid; without a uuid, one derived
 * from the name, so the same file loaded on every node and at every start names the same policy.
 */
final class ReplicationPolicyImporter {
    /** Bounds on a policy's parallel copies: each copy holds a thread and a database connection. */
    private static final int MAX_PARALLEL_COPIES = 64;
    private static final int DEFAULT_PARALLEL_COPIES = 2;

    private final NamedParameterJdbcTemplate jdbc;
    private final PolicyEntries entries;

    ReplicationPolicyImporter(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.entries = new PolicyEntries(jdbc, "replication");
    }

    /** After the stores: a policy's stores are the file's or ones already in the database. */
    void importAll(List<Entry> replicationPolicies) {
        for (Entry entry : replicationPolicies) {
            importOne(entry);
        }
    }

    private void importOne(Entry entry) {
        String name = entry.requiredText("name");
        String uuid = entries.uuid(entry, name);
        String source = entry.requiredText("sourceBackupStorageUuid");
        entries.requireBackupStorage(entry, "sourceBackupStorageUuid", source);
        List<String> destinations = entry.requiredTextList("destinationBackupStorageUuids");
        for (String destination : destinations) {
            entries.requireBackupStorage(entry, "destinationBackupStorageUuids", destination);
            if (destination.equals(source)) {
                throw entry.problem("destination %s is the source itself".formatted(destination));
            }
        }
        String schedule = PolicyEntries.schedule(entry, "0 0 2 * * ?");
        Long newestPerName = entry.optionalLong("newestPerName");
        if (newestPerName != null && (newestPerName < 1 || newestPerName > Integer.MAX_VALUE)) {
            throw entry.problem("newestPerName must be at least 1, got " + newestPerName);
        }
        Long maxParallelCopies = entry.optionalLong("maxParallelCopies");
        if (maxParallelCopies != null && (maxParallelCopies < 1 || maxParallelCopies > MAX_PARALLEL_COPIES)) {
            throw entry.problem("maxParallelCopies must be between 1 and %d, got %d".formatted(MAX_PARALLEL_COPIES, maxParallelCopies));
        }
        Long rpoThresholdMinutes = entry.optionalLong("rpoThresholdMinutes");
        if (rpoThresholdMinutes != null && (rpoThresholdMinutes < 1 || rpoThresholdMinutes > Integer.MAX_VALUE)) {
            throw entry.problem("rpoThresholdMinutes must be at least 1, got " + rpoThresholdMinutes);
        }
        String webHook = PolicyEntries.webHook(entry);
        Map<String, Object> row = new HashMap<>();
        row.put("rpoThresholdMinutes", rpoThresholdMinutes == null ? null : rpoThresholdMinutes.intValue());
        row.put("webHook", webHook);
        row.put("uuid", uuid);
        row.put("name", name);
        row.put("sourceBackupStorageUuid", source);
        row.put("schedule", schedule);
        row.put("namePattern", entry.text("namePattern", null));
        row.put("createdAfter", entry.optionalDate("createdAfter"));
        row.put("newestPerName", newestPerName == null ? null : newestPerName.intValue());
        row.put("maxParallelCopies", maxParallelCopies == null ? DEFAULT_PARALLEL_COPIES : maxParallelCopies.intValue());
        row.put("state", entry.oneOf("state", "Enabled", Set.of("Enabled", "Disabled")));
        if (jdbc.update(SqlFiles.load("update-replication-policy"), row) == 0) {
            jdbc.update(SqlFiles.load("insert-replication-policy"), row);
        }
        jdbc.update(SqlFiles.load("delete-replication-policy-destinations"), Map.of("uuid", uuid));
        for (String destination : destinations) {
            jdbc.update(SqlFiles.load("insert-replication-policy-destination"), Map.of("uuid", uuid, "backupStorageUuid", destination));
        }
    }
}
