package backupsync.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import backupsync.Backends;

/**
 * The database a test service runs on. Without a profile: the embedded H2 file database in the service's data
 * directory, nothing to do here. With {@code -Ppostgresql} or {@code -Pmariadb} (surefire sets the system
 * properties): one fresh database per key on the real server, created through an admin connection the first time
 * this JVM asks for it, dropped when the JVM exits ({@code -Dbackupsync.test.keep-databases=true} keeps them for
 * inspection). The service's URL is the backend file's own URL with only the database name replaced, so the tests
 * exercise the shipped configuration.
 */
public final class TestDatabases {
    public static final String BACKEND = System.getProperty("backupsync.backend", "h2");
    private static final String ADMIN_URL = System.getProperty("backupsync.test.db.admin-url", "");
    private static final String USERNAME = System.getProperty("backupsync.test.db.username", "");
    private static final String PASSWORD = System.getProperty("backupsync.test.db.password", "");
    private static final boolean KEEP = Boolean.getBoolean("backupsync.test.keep-databases");
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    static {
        if (onServer() && !KEEP) {
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreated, "drop-test-databases"));
        }
    }

    private TestDatabases() {
    }

    /** True in the postgresql and mariadb profiles. */
    public static boolean onServer() {
        return !ADMIN_URL.isBlank();
    }

    public static String username() {
        return USERNAME;
    }

    public static String password() {
        return PASSWORD;
    }

    /** The name of the database for this key (a data directory, usually): the same key, the same database. */
    public static String nameFor(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "bs_test_" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JDBC URL of the database for this key, created empty on first use in this JVM. */
    public static synchronized String urlFor(String key) {
        String name = nameFor(key);
        if (CREATED.add(name)) {
            // Empty, even if an earlier run kept a database of the same name.
            execute(dropStatement(name), "CREATE DATABASE " + name);
        }
        return configuredUrl().replaceFirst("(jdbc:[a-z]+://[^/]+/)[^?;]*", "$1" + name);
    }

    private static String configuredUrl() {
        Properties backend = new Properties();
        try (InputStream in = TestDatabases.class.getClassLoader().getResourceAsStream(Backends.location(BACKEND))) {
            if (in == null) {
                throw new IllegalStateException("no " + Backends.location(BACKEND) + " on the classpath");
            }
            backend.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return backend.getProperty("backupsync.db.url");
    }

    private static String dropStatement(String name) {
        // PostgreSQL refuses to drop a database with open connections unless told to close them.
        return "postgresql".equals(BACKEND) ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                : "DROP DATABASE IF EXISTS " + name;
    }

    private static void dropCreated() {
        for (String name : CREATED) {
            try {
                execute(dropStatement(name));
            } catch (RuntimeException e) {
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }
    }

    private static void execute(String... statements) {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USERNAME, PASSWORD);
             Statement statement = admin.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test database admin statement failed on " + ADMIN_URL + ": " + e.getMessage(), e);
        }
    }
}
