package backupsync.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import backupsync.bandwidth.Timetable;
import backupsync.data.InventoryFile.Entry;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The inventory's {@code verifyPolicies} (docs/verify.md), upserted by uuid; without a uuid, one derived from the
 * name, so the same file loaded on every node and at every start names the same policy.
 */
final class VerifyPolicyImporter {
    /** A year and a bit: beyond it "skip copies verified more recently" no longer means anything useful. */
    private static final int MAX_REVERIFY_DAYS = 3660;

    private final NamedParameterJdbcTemplate jdbc;
    private final PolicyEntries entries;

    VerifyPolicyImporter(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.entries = new PolicyEntries(jdbc, "verify");
    }

    /** After the stores: a policy's store is the file's or one already in the database. */
    void importAll(List<Entry> verifyPolicies) {
        for (Entry entry : verifyPolicies) {
            importOne(entry);
        }
    }

    private void importOne(Entry entry) {
        String name = entry.requiredText("name");
        String uuid = entries.uuid(entry, name);
        String store = entry.text("backupStorageUuid", null);
        if (store != null) {
            entries.requireBackupStorage(entry, "backupStorageUuid", store);
        }
        String schedule = PolicyEntries.schedule(entry, "0 0 3 * * ?");
        Long reverifyAfterDays = entry.optionalLong("reverifyAfterDays");
        if (reverifyAfterDays != null && (reverifyAfterDays < 0 || reverifyAfterDays > MAX_REVERIFY_DAYS)) {
            throw entry.problem("reverifyAfterDays must be between 0 and %d, got %d".formatted(MAX_REVERIFY_DAYS, reverifyAfterDays));
        }
        String readRateLimit = entry.text("readRateLimit", "off");
        try {
            Timetable.parse(readRateLimit);
        } catch (IllegalArgumentException e) {
            throw entry.problem("readRateLimit '%s' is not valid: %s".formatted(readRateLimit, e.getMessage()));
        }
        String webHook = PolicyEntries.webHook(entry);
        Map<String, Object> row = new HashMap<>();
        row.put("uuid", uuid);
        row.put("name", name);
        row.put("backupStorageUuid", store);
        row.put("schedule", schedule);
        row.put("reverifyAfterDays", reverifyAfterDays == null ? 0 : reverifyAfterDays.intValue());
        row.put("readRateLimit", readRateLimit.strip());
        row.put("repair", entry.flag("repair", false) ? 1 : 0);
        row.put("webHook", webHook);
        row.put("state", entry.oneOf("state", "Enabled", Set.of("Enabled", "Disabled")));
        if (jdbc.update(SqlFiles.load("update-verify-policy"), row) == 0) {
            jdbc.update(SqlFiles.load("insert-verify-policy"), row);
        }
    }
}
