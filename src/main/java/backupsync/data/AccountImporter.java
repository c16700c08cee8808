package backupsync.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import backupsync.auth.Caller;
import backupsync.auth.PasswordHash;
import backupsync.data.InventoryFile.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The inventory's {@code accounts}, upserted by uuid; and ZStack's default admin when an installation has none. */
final class AccountImporter {
    private static final Logger LOG = LoggerFactory.getLogger(AccountImporter.class);
    private static final Set<String> ACCOUNT_TYPES = Set.of("SystemAdmin", "Normal");

    private final NamedParameterJdbcTemplate jdbc;

    AccountImporter(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates admin/password unless the database or the file's accounts already have ZStack's admin. */
    void createDefaultAdminUnlessGiven(List<Entry> accounts) {
        Integer admins = jdbc.queryForObject(SqlFiles.load("count-account-by-uuid"),
                Map.of("uuid", Caller.ADMIN_ACCOUNT_UUID), Integer.class);
        if ((admins == null || admins == 0) && !givesAdmin(accounts)) {
            upsert(Caller.ADMIN_ACCOUNT_UUID, "admin", PasswordHash.sha512Hex(InventoryLoader.DEFAULT_ADMIN_PASSWORD),
                    Caller.SYSTEM_ADMIN);
            LOG.warn("created ZStack's default account admin/password; set its password in the inventory file");
        }
    }

    /** Whether the accounts include ZStack's admin (the account named admin gets its uuid by default). */
    private static boolean givesAdmin(List<Entry> accounts) {
        for (Entry entry : accounts) {
            if (Caller.ADMIN_ACCOUNT_UUID.equals(uuidOf(entry, entry.text("name", null)))) {
                return true;
            }
        }
        return false;
    }

    private static String uuidOf(Entry entry, String name) {
        return entry.text("uuid", "admin".equals(name) ? Caller.ADMIN_ACCOUNT_UUID
                : name == null ? null : InventoryUuids.nameBased("account", name));
    }

    /** Upserts every account; answers their uuids by name, for the backups' owners. */
    Map<String, String> importAll(List<Entry> accounts) {
        Map<String, String> uuidsByName = new HashMap<>();
        for (Entry entry : accounts) {
            String name = entry.requiredText("name");
            String password = entry.requiredText("password");
            String type = entry.text("type", "admin".equals(name) ? Caller.SYSTEM_ADMIN : "Normal");
            if (!ACCOUNT_TYPES.contains(type)) {
                throw entry.problem("type must be one of " + ACCOUNT_TYPES);
            }
            String uuid = uuidOf(entry, name);
            entry.requireUuid("uuid", uuid);
            List<Map<String, Object>> sameName = jdbc.queryForList(SqlFiles.load("select-account-by-name"), Map.of("name", name));
            if (!sameName.isEmpty() && !uuid.equals(sameName.get(0).get("uuid"))) {
                throw entry.problem("an account named '%s' already exists with uuid %s".formatted(name, sameName.get(0).get("uuid")));
            }
            upsert(uuid, name, PasswordHash.sha512Hex(password), type);
            uuidsByName.put(name, uuid);
        }
        return uuidsByName;
    }

    private void upsert(String uuid, String name, String passwordHash, String type) {
        Map<String, Object> row = Map.of("uuid", uuid, "name", name, "password", passwordHash, "type", type);
        if (jdbc.update(SqlFiles.load("update-account"), row) == 0) {
            jdbc.update(SqlFiles.load("insert-account"), row);
        }
    }
}
