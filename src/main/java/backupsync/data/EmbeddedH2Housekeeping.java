package backupsync.data;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

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
 * at about the writer's period, without the deferred commits the writer would also bring; the route
 * compactEmbeddedDatabase ({@link EmbeddedDatabaseRoutes}) calls it.
 */
public final class EmbeddedH2Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedH2Housekeeping.class);

    private final MVStore store;
    private final Method doHousekeeping;

    private EmbeddedH2Housekeeping(MVStore store, Method doHousekeeping) {
        this.store = store;
        this.doHousekeeping = doHousekeeping;
    }

    /** Present when the data source is an embedded H2 file database; other databases keep their own files. */
    public static Optional<EmbeddedH2Housekeeping> of(DataSource dataSource) throws SQLException {
        MVStore store = fileBackedStoreOf(dataSource);
        if (store == null) {
            return Optional.empty();
        }
        try {
            // Protected in H2 2.3: the background writer is its only caller. Pinned by the H2 version in pom.xml;
            // EmbeddedDatabaseHousekeepingTest fails if a new version renames it.
            Method method = FileStore.class.getDeclaredMethod("doHousekeeping", MVStore.class);
            method.setAccessible(true);
            return Optional.of(new EmbeddedH2Housekeeping(store, method));
        } catch (NoSuchMethodException | RuntimeException e) {
            LOG.warn("H2 offers no housekeeping step ({}): the embedded database file will keep growing", e.toString());
            return Optional.empty();
        }
    }

    private static MVStore fileBackedStoreOf(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null;
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            return store.getFileStore() == null ? null : store;
        }
    }

    /** Step "rewriteHalfEmptyChunks": one housekeeping pass; a failure is logged and the next period tries again. */
    public void compact() {
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
}
