package backupsync.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import backupsync.Application;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Runs the real service (Camel Main, HTTP on a free port) inside the test JVM, on the database the build chose
 * ({@link TestDatabases}): H2 in the data directory, or a database of its own on the real server, keyed on the data
 * directory so that a restart on the same data finds the same database.
 */
public final class ServiceRunner implements AutoCloseable {
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, Object> beans = new LinkedHashMap<>();
    private String databaseKey;
    private Main main;
    private int port;

    public ServiceRunner(Path dataDir, Path inventoryFile) {
        databaseKey = dataDir.toAbsolutePath().normalize().toString();
        properties.put("backupsync.data-dir", dataDir.toString());
        if (inventoryFile != null) {
            properties.put("backupsync.inventory-file", inventoryFile.toString());
        }
    }

    public ServiceRunner with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** A bean in the registry before the service configures itself (e.g. a test clock the service looks up). */
    public ServiceRunner bind(String name, Object bean) {
        beans.put(name, bean);
        return this;
    }

    /** Two nodes of one installation: this service uses the other's database (real servers only). */
    public ServiceRunner sameDatabaseAs(ServiceRunner other) {
        databaseKey = other.databaseKey;
        return this;
    }

    /** Nodes that share one database: on H2 a shared server-mode file, on real servers one database per key. */
    public ServiceRunner sharedDatabase(Path sharedDir) {
        databaseKey = "shared:" + sharedDir.toAbsolutePath().normalize();
        if (!TestDatabases.onServer()) {
            properties.put("backupsync.db.url", sharedH2Url(sharedDir));
        }
        return this;
    }

    private static String sharedH2Url(Path sharedDir) {
        return "jdbc:h2:file:" + sharedDir.toAbsolutePath().resolve("backupsync") + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000";
    }

    /** Works on the database of a data directory (or of a {@link #sharedDatabase} dir) while no service runs. */
    public static void withDatabaseOf(Path dir, boolean shared, java.util.function.Consumer<NamedParameterJdbcTemplate> work) {
        Path absolute = dir.toAbsolutePath().normalize();
        String url;
        String user = "sa";
        String password = "";
        if (TestDatabases.onServer()) {
            url = TestDatabases.urlFor(shared ? "shared:" + absolute : absolute.toString());
            user = TestDatabases.username();
            password = TestDatabases.password();
        } else {
            url = shared ? sharedH2Url(absolute) : backupsync.data.Database.embeddedH2Url(absolute);
        }
        try (com.zaxxer.hikari.HikariDataSource dataSource = backupsync.data.Database.open(url, user, password, 1, 5000)) {
            work.accept(new NamedParameterJdbcTemplate(dataSource));
        }
    }

    public ServiceRunner start() throws Exception {
        port = freePort();
        // The embedded broker listens too; a fixed port would clash with another service or test run on this machine.
        properties.computeIfAbsent("backupsync.broker.port", key -> Integer.toString(uncheckedFreePort()));
        main = Application.createMain();
        // Camel Main's default shutdown strategy adds a JVM shutdown hook (its hang-up interceptor) that holds the
        // Main, and so the whole stopped CamelContext, until the JVM exits: one per service a test JVM started. Its
        // disableHangupSupport() does not stop it (4.18 installs the hook either way), so tests use the plain
        // strategy; the test JVM stops its services itself.
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        if (TestDatabases.onServer()) {
            main.addOverrideProperty("backupsync.db.url", TestDatabases.urlFor(databaseKey));
            main.addOverrideProperty("backupsync.db.username", TestDatabases.username());
            main.addOverrideProperty("backupsync.db.password", TestDatabases.password());
        }
        properties.forEach(main::addOverrideProperty);
        beans.forEach(main::bind);
        main.addOverrideProperty("camel.server.port", Integer.toString(port));
        main.start();
        return this;
    }

    public void stop() {
        if (main != null) {
            main.stop();
            main = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public NamedParameterJdbcTemplate jdbc() {
        return new NamedParameterJdbcTemplate(main.getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class));
    }

    /** The port the embedded broker listens on (kept across a restart of the same runner). */
    public int brokerPort() {
        return Integer.parseInt(properties.get("backupsync.broker.port"));
    }

    private static int uncheckedFreePort() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
