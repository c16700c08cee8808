package backupsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The one switch that picks the real backends: {@code backupsync.backend} as a system property
 * ({@code -Dbackupsync.backend=postgresql}) or the environment variable {@code BACKUPSYNC_BACKEND}, a comma-separated
 * list such as {@code postgresql,rabbitmq}. Each name loads {@code config/<name>.properties} (from the classpath: the
 * jar carries the project's config/ folder) on top of application.properties. It is read before Camel Main starts because
 * it decides which files Camel Main reads; every key in those files stays overridable by -D and by environment
 * variables (BACKUPSYNC_DB_URL overrides backupsync.db.url).
 */
public final class Backends {
    public static final String SWITCH = "backupsync.backend";
    public static final String SWITCH_ENV = "BACKUPSYNC_BACKEND";
    /** The embedded defaults need no extra file. */
    private static final List<String> EMBEDDED = List.of("", "h2", "embedded");

    private Backends() {
    }

    /** The backends selected by the system property, else the environment, else none (embedded). */
    public static List<String> selected(Properties systemProperties, Map<String, String> environment) {
        String value = systemProperties.getProperty(SWITCH);
        if (value == null || value.isBlank()) {
            value = environment.getOrDefault(SWITCH_ENV, "");
        }
        List<String> names = new ArrayList<>();
        for (String name : value.split(",")) {
            String normalized = name.strip().toLowerCase(Locale.ROOT);
            if (!EMBEDDED.contains(normalized)) {
                if (!normalized.matches("[a-z0-9-]+")) {
                    throw new StartupFailure("%s '%s' is not a backend name (e.g. postgresql, mariadb, rabbitmq)"
                            .formatted(SWITCH, name.strip()));
                }
                names.add(normalized);
            }
        }
        return names;
    }

    /**
     * Camel Main's property locations: each selected backend's file, then the embedded defaults. Camel looks a key up
     * in the locations in order and takes the first it finds, so a backend file wins over application.properties,
     * and an earlier backend over a later one.
     */
    public static String placeholderLocations(List<String> backends) {
        StringBuilder locations = new StringBuilder();
        for (String backend : backends) {
            if (Backends.class.getClassLoader().getResource(location(backend)) == null) {
                throw new StartupFailure("%s names '%s' but there is no %s; known: postgresql, mariadb, rabbitmq"
                        .formatted(SWITCH, backend, location(backend)));
            }
            locations.append("classpath:").append(location(backend)).append(',');
        }
        return locations.append("classpath:application.properties").toString();
    }

    /** Where a backend's file sits on the classpath. */
    public static String location(String backend) {
        return "config/" + backend + ".properties";
    }
}
