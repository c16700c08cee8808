package backupsync.storage;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import backupsync.data.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Writes a store's BackupStorageVO.status as the ping or a failed operation found it. A Disconnected destination
 * or source refuses syncs at once with BS.1500 (pipeline/CheckSyncAllowed) instead of each waiting for a timeout.
 */
public class StoreStatus {
    public static final String CONNECTED = "Connected";
    public static final String DISCONNECTED = "Disconnected";
    private static final Logger LOG = LoggerFactory.getLogger(StoreStatus.class);

    private final NamedParameterJdbcTemplate jdbc;
    /** Why each store this node saw fail is Disconnected, for the refusals that follow (another node's reasons stay there). */
    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    public StoreStatus(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets the status; answers whether it changed. {@code why} is logged with a change (never a secret). */
    public boolean set(String storeUuid, String location, String status, String why) {
        if (CONNECTED.equals(status)) {
            reasons.remove(storeUuid);
        } else if (why != null) {
            reasons.put(storeUuid, why);
        }
        boolean changed = jdbc.update(SqlFiles.load("update-store-status"), Map.of("uuid", storeUuid, "status", status)) > 0;
        if (changed) {
            if (CONNECTED.equals(status)) {
                LOG.info("backup storage {} at {} answers again: Connected", storeUuid, location);
            } else {
                LOG.warn("backup storage {} at {} is {}: {}", storeUuid, location, status, why);
            }
        }
        return changed;
    }

    /** What made this node set the store Disconnected (a changed host key names both keys), if it did. */
    public Optional<String> reasonOf(String storeUuid) {
        return Optional.ofNullable(reasons.get(storeUuid));
    }
}
