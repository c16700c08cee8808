package backupsync.observe;

import org.apache.camel.Ordered;

/**
 * Where this service's checks stand in /observe/health: Camel (HealthCheckHelper.invoke) lists the checks by
 * {@code getOrder()}, lowest first, ties in whatever order it holds them. Camel's own "context" check takes
 * {@link Ordered#HIGHEST} (Integer.MIN_VALUE), which nothing can go below and a tie would not reliably beat; so ours
 * come right after it, before every other check (route controller at HIGHEST + 1000, routes and consumers at the
 * default, LOWEST - 1000), whatever the order they were registered in.
 */
final class BackupSyncHealthOrder {
    /** What stops all work comes first. */
    static final int DATABASE = Ordered.HIGHEST + 1;
    static final int STORE_ROOTS = Ordered.HIGHEST + 2;

    private BackupSyncHealthOrder() {
    }
}
