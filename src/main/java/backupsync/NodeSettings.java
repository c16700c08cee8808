package backupsync;

import java.nio.file.Path;

import backupsync.config.Settings;
import backupsync.jobs.SyncJobStore;

/**
 * What this node is: its data directory, its name among the nodes sharing a database, and what it loads at start-up
 * (the demo or an inventory file).
 */
public record NodeSettings(Path dataDir, String nodeId, boolean demo, Path inventoryFile, boolean fillMd5) {

    public static NodeSettings from(Settings settings) {
        Path dataDir = Path.of(settings.text("backupsync.data-dir")).toAbsolutePath().normalize();
        String nodeId = settings.optionalText("backupsync.node-id");
        String inventory = settings.optionalText("backupsync.inventory-file");
        return new NodeSettings(dataDir, nodeId == null ? SyncJobStore.defaultNodeId(dataDir) : nodeId,
                settings.flag("backupsync.demo"), inventory == null ? null : Path.of(inventory),
                settings.flag("backupsync.inventory.fill-md5"));
    }
}
