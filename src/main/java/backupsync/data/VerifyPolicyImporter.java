package backupsync.data;

import java.net.URI;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import backupsync.bandwidth.Timetable;
import backupsync.data.InventoryFile.Entry;
import org.quartz.CronExpression;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The inventory's {@code verifyPolicies} (docs/verify.md), upserted by uuid; without a uuid, one derived from the
 * name, so the same file loaded on every node and at every start names the same policy.
 */
final class VerifyPolicyImporter {
    /** A year and a bit: beyond it "skip copies verified more recently" no longer means anything useful. */
    private static final int MAX_REVERIFY_DAYS = 3660;

    private final NamedParameterJdbcTemplate jdbc;

    VerifyPolicyImporter(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** After the stores: a policy's store is the file's or one already in the database. */
    void importAll(List<Entry> verifyPolicies) {
        for (Entry entry : verifyPolicies) {
            importOne(entry);
        }
    }

    private void importOne(Entry entry) {
        String name = entry.requiredText("name");
        String uuid = entry.text("uuid", InventoryUuids.nameBased("verifyPolicy", name));
        entry.requireUuid("uuid", uuid);
        List<Map<String, Object>> sameName = jdbc.queryForList(SqlFiles.load("select-verify-policy-by-name"), Map.of("name", name));
        if (!sameName.isEmpty() && !uuid.equals(sameName.get(0).get("uuid"))) {
            throw entry.problem("a verify policy named '%s' already exists with uuid %s".formatted(name, sameName.get(0).get("uuid")));
        }
        String store = entry.text("backupStorageUuid", null);
        if (store != null) {
            entry.requireUuid("backupStorageUuid", store);
            Integer known = jdbc.queryForObject(SqlFiles.load("count-backup-storage-by-uuid"), Map.of("uuid", store), Integer.class);
            if (known == null || known == 0) {
                throw entry.problem("backupStorageUuid: backup storage %s is neither in the inventory's backupStorages nor in the database"
                        .formatted(store));
            }
        }
        String schedule = entry.requiredText("schedule");
        try {
            CronExpression.validateExpression(schedule);
        } catch (ParseException e) {
            throw entry.problem("schedule '%s' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0 3 * * ?'): %s"
                    .formatted(schedule, e.getMessage()));
        }
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
        String webHook = entry.text("webHook", null);
        if (webHook != null) {
            requireHttpUrl(entry, webHook);
        }
        Map<String, Object> row = new HashMap<>();
        row.put("uuid", uuid);
        row.put("name", name);
        row.put("backupStorageUuid", store);
        row.put("schedule", schedule.strip());
        row.put("reverifyAfterDays", reverifyAfterDays == null ? 0 : reverifyAfterDays.intValue());
        row.put("readRateLimit", readRateLimit.strip());
        row.put("repair", entry.flag("repair", false) ? 1 : 0);
        row.put("webHook", webHook);
        row.put("state", entry.oneOf("state", "Enabled", Set.of("Enabled", "Disabled")));
        if (jdbc.update(SqlFiles.load("update-verify-policy"), row) == 0) {
            jdbc.update(SqlFiles.load("insert-verify-policy"), row);
        }
    }

    /** An http(s) URL with a host: what the notifier can POST to. */
    static void requireHttpUrl(Entry entry, String url) {
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException notAUri) {
            // said below
        }
        throw entry.problem("webHook '%s' is not an http(s) URL".formatted(url));
    }
}
