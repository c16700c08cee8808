package backupsync;

import org.apache.camel.main.Main;

/** Starts backup-sync: Camel Main with the YAML doors, the Java DSL pipeline and the beans of {@link BackupSyncConfiguration}. */
public final class Application {
    private Application() {
    }

    /**
     * Scans package {@code backupsync} for the configuration class and the Java DSL routes, with the property files
     * of the backends chosen by {@link Backends#SWITCH}.
     */
    public static Main createMain() {
        Main main = new Main(Application.class);
        main.setPropertyPlaceholderLocations(
                Backends.placeholderLocations(Backends.selected(System.getProperties(), System.getenv())));
        return main;
    }

    public static void main(String... args) throws Exception {
        int status = CommandLine.handle(args, System.out, System.err);
        if (status != CommandLine.RUN) {
            System.exit(status);
        }
        createMain().run();
    }
}
