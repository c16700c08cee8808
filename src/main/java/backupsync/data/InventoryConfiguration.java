package backupsync.data;

import java.nio.file.Path;

import backupsync.NodeSettings;
import backupsync.StartupFailure;
import backupsync.config.StartupWork;
import backupsync.data.DatabaseConfiguration.DatabaseBeans;
import backupsync.storage.BackupStores;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;

/** Start-up's inventory: the demo's or the operator's file, loaded into the database; the demo announced once up. */
public final class InventoryConfiguration {
    private InventoryConfiguration() {
    }

    public static void register(CamelContext context, NodeSettings node, int httpPort, DatabaseBeans database,
                                BackupStores stores, StartupWork work) throws Exception {
        Path inventoryFile = node.inventoryFile();
        if (node.demo()) {
            DemoSetup demo = new DemoSetup(node.dataDir(), Integer.toString(httpPort));
            inventoryFile = demo.prepare();
            context.addStartupListener(new ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                    demo.announce();
                }
            });
        }
        Path file = inventoryFile;
        InventoryLoader loader = new InventoryLoader(database.jdbc(), database.transactions(), stores, node.fillMd5());
        work.add("load the inventory" + (file == null ? "" : " " + file), () -> {
            try {
                loader.loadDefaultsAndFile(file);
            } catch (InventoryException e) {
                throw new StartupFailure(e.getMessage() + " (backupsync.inventory-file=" + file + ")", e);
            }
        });
    }
}
