package backupsync.data;

import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import backupsync.data.InventoryFile.Entry;
import org.quartz.CronExpression;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** What the inventory's replication and verify policies have in common: their uuid, stores, schedule and web hook. */
final class PolicyEntries {
    private final NamedParameterJdbcTemplate jdbc;
    /** "replication" or "verify": names the statements ({@code select-<kind>-policy-by-name}) and the messages. */
    private final String kind;

    PolicyEntries(NamedParameterJdbcTemplate jdbc, String kind) {
        this.jdbc = jdbc;
        this.kind = kind;
    }

    /** The entry's uuid, or one derived from its name; another policy may not have that name already. */
    String uuid(Entry entry, String name) {
        String uuid = entry.text("uuid", InventoryUuids.nameBased(kind + "Policy", name));
        entry.requireUuid("uuid", uuid);
        List<Map<String, Object>> sameName = jdbc.queryForList(SqlFiles.load("select-%s-policy-by-name".formatted(kind)),
                Map.of("name", name));
        if (!sameName.isEmpty() && !uuid.equals(sameName.get(0).get("uuid"))) {
            throw entry.problem("a %s policy named '%s' already exists with uuid %s".formatted(kind, name, sameName.get(0).get("uuid")));
        }
        return uuid;
    }

    /** A store named by a policy is the file's or one already in the database. */
    void requireBackupStorage(Entry entry, String field, String uuid) {
        entry.requireUuid(field, uuid);
        Integer known = jdbc.queryForObject(SqlFiles.load("count-backup-storage-by-uuid"), Map.of("uuid", uuid), Integer.class);
        if (known == null || known == 0) {
            throw entry.problem("%s: backup storage %s is neither in the inventory's backupStorages nor in the database"
                    .formatted(field, uuid));
        }
    }

    /** The {@code schedule}: a Quartz cron expression; {@code example} shows one in the refusal. */
    static String schedule(Entry entry, String example) {
        String schedule = entry.requiredText("schedule");
        try {
            CronExpression.validateExpression(schedule);
        } catch (ParseException e) {
            throw entry.problem(("schedule '%s' is not a Quartz cron expression (seconds minutes hours day-of-month month "
                    + "day-of-week [year], e.g. '%s'): %s").formatted(schedule, example, e.getMessage()));
        }
        return schedule.strip();
    }

    /** The optional {@code webHook}: an http(s) URL with a host, what the notifier can POST to. */
    static String webHook(Entry entry) {
        String url = entry.text("webHook", null);
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException notAUri) {
            // said below
        }
        throw entry.problem("webHook '%s' is not an http(s) URL".formatted(url));
    }
}
