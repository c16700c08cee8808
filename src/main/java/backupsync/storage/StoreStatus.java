package backupsync.storage;

import java.util.Map;

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

    public StoreStatus(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets the status; answers whether it changed. {@code why} is logged with a change (never a secret). */
    public boolean set(String storeUuid, String location, String status, String why) {
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
}
