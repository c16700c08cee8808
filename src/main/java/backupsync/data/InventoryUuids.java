package backupsync.data;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The uuid an inventory entry gets when it gives none: derived from its name, so every load names the same row. */
final class InventoryUuids {
    private InventoryUuids() {
    }

    static String nameBased(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }
}
