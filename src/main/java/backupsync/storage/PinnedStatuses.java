package backupsync.storage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores whose status the operator set on purpose: an inventory entry with {@code status: Disconnected} or
 * {@code Connecting}. The ping ({@link PingBackupStorages}) leaves their status alone, so a store taken out of service
 * in the file stays out even though its root answers; every other Enabled store's status is the ping's. A pin lasts
 * until the inventory loads that store without such a status (every start loads the file again) or an admin's
 * ReconnectBackupStorage succeeds. Kept per node: every node loads the same inventory file at start.
 */
public final class PinnedStatuses {
    private final Set<String> pinned = ConcurrentHashMap.newKeySet();

    /** The inventory set {@code status} for the store: anything but Connected is the operator's, and pinned. */
    public void setByInventory(String storeUuid, String status) {
        if (StoreStatus.CONNECTED.equals(status)) {
            pinned.remove(storeUuid);
        } else {
            pinned.add(storeUuid);
        }
    }

    /** An admin reconnected the store: its status is the ping's again. */
    public void release(String storeUuid) {
        pinned.remove(storeUuid);
    }

    public boolean isPinned(String storeUuid) {
        return pinned.contains(storeUuid);
    }
}
