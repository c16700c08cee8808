package backupsync;

import org.apache.camel.main.Main;

/** Starts backup-sync: Camel Main with the YAML doors, the Java DSL pipeline and the beans of {@link BackupSyncConfiguration}. */
public final class Application {
    private Application() {
    }

    /** Scans package {@code backupsync} for the configuration class and the Java DSL routes. */
    public static Main createMain() {
        return new Main(Application.class);
    }

    public static void main(String... args) throws Exception {
        createMain().run(args);
    }
}
