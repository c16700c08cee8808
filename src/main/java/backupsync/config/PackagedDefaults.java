package backupsync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import backupsync.Backends;

/**
 * The defaults packaged in the jar (application.properties, and a backend's file on top), for the programs that run
 * without Camel Main, such as the queue sender: they read the same defaults as the service, not a copy in Java.
 */
public final class PackagedDefaults {
    private static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)(?::([^}]*))?}}");
    private PackagedDefaults() {
    }

    /** {@code overrides} first, then {@code config/<backend>.properties} of each backend, then application.properties. */
    public static Settings over(Function<String, String> overrides, String... backends) {
        Properties defaults = load("application.properties", new Properties());
        for (int i = backends.length - 1; i >= 0; i--) {
            defaults = load(Backends.location(backends[i]), defaults);
        }
        Properties all = defaults;
        return new Settings(key -> {
            String value = overrides.apply(key);
            return value != null ? value : environmentPlaceholder(all.getProperty(key));
        });
    }

    /** The one placeholder the packaged files use, {@code {{env:NAME:default}}}, as Camel would resolve it. */
    static String environmentPlaceholder(String value) {
        Matcher env = value == null ? null : ENV.matcher(value.strip());
        if (env == null || !env.matches()) {
            return value;
        }
        String fromEnvironment = System.getenv(env.group(1));
        return fromEnvironment != null ? fromEnvironment : env.group(2);
    }

    private static Properties load(String resource, Properties under) {
        Properties properties = new Properties();
        properties.putAll(under);
        try (InputStream in = PackagedDefaults.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
