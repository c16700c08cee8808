package backupsync.data;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded H2 file from growing without bound. {@code WRITE_DELAY=0} writes every commit before it
 * returns (a killed process loses no acknowledged sync), and also stops H2 from starting its background writer,
 * the thread that would otherwise rewrite half-empty chunks. Without it each commit leaves a chunk that a few live
 * pages keep forever: after about 47,000 replicated backups the file was 1.47 GB for 20 MB of data (chunks 2 %
 * full).
 * This runs the writer's housekeeping step ({@code FileStore.doHousekeeping}: H2's own policy for a busy store,
 * which rewrites the emptiest chunks older than RETENTION_TIME and moves chunks down when the file is fragmented)
 * at about the writer's period, without the deferred commits the writer would also bring.
 */
public final class EmbeddedH2Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedH2Housekeeping.class);

    private final MVStore store;
    private final Method doHousekeeping;
    private final ScheduledExecutorService timer;

    private EmbeddedH2Housekeeping(MVStore store, Method doHousekeeping, long periodMs) {
        this.store = store;
        this.doHousekeeping = doHousekeeping;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "h2-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        if (periodMs > 0) {
            timer.scheduleWithFixedDelay(this::runOnce, periodMs, periodMs, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts housekeeping (every {@code periodMs}; 0: never) when the data source is an embedded H2 file database;
     * other databases keep their own files.
     */
    public static Optional<EmbeddedH2Housekeeping> start(DataSource dataSource, long periodMs) throws SQLException {
        MVStore store = fileStoreOf(dataSource);
        if (store == null) {
            return Optional.empty();
        }
        try {
            // Protected in H2 2.3: the background writer is its only caller. Pinned by the H2 version in pom.xml;
            // EmbeddedDatabaseHousekeepingTest fails if a new version renames it.
            Method method = FileStore.class.getDeclaredMethod("doHousekeeping", MVStore.class);
            method.setAccessible(true);
            return Optional.of(new EmbeddedH2Housekeeping(store, method, periodMs));
        } catch (NoSuchMethodException | RuntimeException e) {
            LOG.warn("H2 offers no housekeeping step ({}): the embedded database file will keep growing", e.toString());
            return Optional.empty();
        }
    }

    private static MVStore fileStoreOf(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null;
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            return store.getFileStore() == null ? null : store;
        }
    }

    private void runOnce() {
        try {
            if (!store.isClosed()) {
                doHousekeeping.invoke(store.getFileStore(), store);
            }
        } catch (InvocationTargetException e) {
            LOG.warn("H2 housekeeping failed; trying again in the next period", e.getCause());
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.warn("H2 housekeeping failed; trying again in the next period", e);
        }
    }

    /** Share of the chunks' bytes that is live data (0-1): H2 rewrites chunks to keep it up. */
    public double chunkFillRatio() {
        return store.isClosed() ? Double.NaN : store.getFileStore().getChunksFillRate() / 100.0;
    }

    /** Size of the database file in bytes. */
    public long fileBytes() {
        return store.isClosed() ? 0 : store.getFileStore().size();
    }

    @Override
    public void close() {
        // No interrupt: an interrupted thread in the middle of a file write closes H2's channel and the database.
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
