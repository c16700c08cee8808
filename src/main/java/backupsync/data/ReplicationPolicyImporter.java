package backupsync.data;

import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import backupsync.data.InventoryFile.Entry;
import org.quartz.CronExpression;
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

    ReplicationPolicyImporter(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** After the stores: a policy's stores are the file's or ones already in the database. */
    void importAll(List<Entry> replicationPolicies) {
        for (Entry entry : replicationPolicies) {
            importOne(entry);
        }
    }

    private void importOne(Entry entry) {
        String name = entry.requiredText("name");
        String uuid = entry.text("uuid", InventoryUuids.nameBased("replicationPolicy", name));
        entry.requireUuid("uuid", uuid);
        List<Map<String, Object>> sameName = jdbc.queryForList(SqlFiles.load("select-replication-policy-by-name"), Map.of("name", name));
        if (!sameName.isEmpty() && !uuid.equals(sameName.get(0).get("uuid"))) {
            throw entry.problem("a replication policy named '%s' already exists with uuid %s".formatted(name, sameName.get(0).get("uuid")));
        }
        String source = entry.requiredText("sourceBackupStorageUuid");
        requireBackupStorage(entry, "sourceBackupStorageUuid", source);
        List<String> destinations = entry.requiredTextList("destinationBackupStorageUuids");
        for (String destination : destinations) {
            requireBackupStorage(entry, "destinationBackupStorageUuids", destination);
            if (destination.equals(source)) {
                throw entry.problem("destination %s is the source itself".formatted(destination));
            }
        }
        String schedule = entry.requiredText("schedule");
        try {
            CronExpression.validateExpression(schedule);
        } catch (ParseException e) {
            throw entry.problem("schedule '%s' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0 2 * * ?'): %s"
                    .formatted(schedule, e.getMessage()));
        }
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
        String webHook = entry.text("webHook", null);
        if (webHook != null) {
            VerifyPolicyImporter.requireHttpUrl(entry, webHook);
        }
        Map<String, Object> row = new HashMap<>();
        row.put("rpoThresholdMinutes", rpoThresholdMinutes == null ? null : rpoThresholdMinutes.intValue());
        row.put("webHook", webHook);
        row.put("uuid", uuid);
        row.put("name", name);
        row.put("sourceBackupStorageUuid", source);
        row.put("schedule", schedule.strip());
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

    private void requireBackupStorage(Entry entry, String field, String uuid) {
        entry.requireUuid(field, uuid);
        Integer known = jdbc.queryForObject(SqlFiles.load("count-backup-storage-by-uuid"), Map.of("uuid", uuid), Integer.class);
        if (known == null || known == 0) {
            throw entry.problem("%s: backup storage %s is neither in the inventory's backupStorages nor in the database"
                    .formatted(field, uuid));
        }
    }
}
