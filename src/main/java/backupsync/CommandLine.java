package backupsync;

import java.io.PrintStream;

/**
 * The service's own command line, read before Camel Main sees anything. backup-sync is configured by properties
 * only ({@code java -Dkey=value -jar backup-sync.jar}), so the only argument is {@code --help}. Camel Main's options
 * ({@code -pl}, {@code -pro}, {@code -d}, {@code -t}, ...) are not passed on: each has a property
 * ({@code camel.main.profile}, {@code camel.main.duration-max-seconds}, {@code camel.main.tracing}), and Camel answers
 * an option it does not know with its own help and exit status 0, so a typo would look like a clean stop.
 */
public final class CommandLine {
    /** Start the service. */
    public static final int RUN = -1;
    public static final int HELP = 0;
    /** sysexits.h EX_USAGE, as SendSyncRequest. */
    public static final int USAGE = 64;

    static final String USAGE_TEXT = """
            usage: java [-Dkey=value ...] -jar backup-sync.jar [--help]

            backup-sync copies a ZStack database backup from one image-store backup storage to another, verified,
            and records it (SyncDatabaseBackupFromImageStoreBackupStorage). It takes no arguments: every setting is a
            property, given before -jar as -Dkey=value or as an environment variable (BACKUPSYNC_DATA_DIR for
            backupsync.data-dir). Defaults: config/application.properties, packaged in the jar.

            Main properties (default):
              camel.server.port=8080              HTTP port: the API under /zstack, health and metrics under /observe
              camel.server.host=0.0.0.0           HTTP bind address
              backupsync.data-dir=./data          embedded database and broker journal
              backupsync.inventory-file=          YAML file of accounts, backup storages and database backups,
                                                  loaded at start-up (example: config/inventory.example.yaml)
              backupsync.node-id=                 this node's name when several nodes share one database
              backupsync.broker.port=61616        the embedded broker's port (queue door)
              backupsync.demo=false               true: create demo stores and a demo backup, print curl commands

            Backends: -Dbackupsync.backend=NAME[,NAME] (or BACKUPSYNC_BACKEND) loads config/NAME.properties
              (none)       embedded H2 database and Apache Artemis broker under the data directory
              postgresql   PostgreSQL: backupsync.db.url, backupsync.db.username, BACKUPSYNC_DB_PASSWORD
              mariadb      MariaDB (ZStack's own kind of database)
              rabbitmq     RabbitMQ as the queue door's broker: backupsync.broker.host, .port, .virtual-host

            Camel Main's options are properties here too: camel.main.profile, camel.main.duration-max-seconds,
            camel.main.tracing.

            Documentation: README.md (every property, the curl walk-through), docs/backends.md, docs/queue.md,
            docs/replication.md, docs/reliability.md, docs/zstack-sdk.md.
            Queue sender: java -cp backup-sync.jar backupsync.queue.SendSyncRequest --help
            """;

    private CommandLine() {
    }

    /** {@link #RUN}, or the status to exit with after printing the usage (to out for --help, to err for a mistake). */
    public static int handle(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return RUN;
        }
        if (args.length == 1 && isHelp(args[0])) {
            out.print(USAGE_TEXT);
            return HELP;
        }
        err.println(problem(args));
        err.print(USAGE_TEXT);
        return USAGE;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("-help");
    }

    private static String problem(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("-D")) {
                return "%s: a property goes before -jar (java %s -jar backup-sync.jar)".formatted(arg, arg);
            }
        }
        for (String arg : args) {
            if (!isHelp(arg)) {
                return (arg.startsWith("-") ? "unknown option " : "unexpected argument ") + arg;
            }
        }
        return "--help takes nothing else";
    }
}
