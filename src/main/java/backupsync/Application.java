package backupsync;

import org.apache.camel.main.Main;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts backup-sync: Camel Main with the YAML doors, the Java DSL pipeline and the beans of {@link BackupSyncConfiguration}. */
public final class Application {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    /** The node could not start: the line on stderr says why. */
    public static final int EXIT_CANNOT_START = 1;

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

    public static void main(String... args) {
        int status = CommandLine.handle(args, System.out, System.err);
        if (status != CommandLine.RUN) {
            System.exit(status);
        }
        int exit;
        try {
            createMain().run();
            exit = 0;
        } catch (Throwable failure) {
            exit = cannotStart(failure);
        } finally {
            LogManager.shutdown();
        }
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** One line on stderr; the trace only at debug for a known cause, at error for an unexpected one. */
    static int cannotStart(Throwable failure) {
        StartupFailure known = StartupFailure.in(failure);
        if (known != null) {
            LOG.debug("start-up failed", failure);
            System.err.println("backup-sync cannot start: " + known.getMessage());
        } else {
            LOG.error("start-up failed", failure);
            System.err.println("backup-sync cannot start: " + failure);
        }
        return EXIT_CANNOT_START;
    }
}
