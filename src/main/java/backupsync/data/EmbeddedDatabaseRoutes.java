package backupsync.data;

import org.apache.camel.builder.RouteBuilder;

/**
 * Compacts the embedded H2 file on a timer ({@link EmbeddedH2Housekeeping}); no route on other databases, or with
 * {@code backupsync.db.h2.housekeeping-period} 0. A timer route stops with the other routes, before the database
 * closes, and is never interrupted mid-write.
 */
public class EmbeddedDatabaseRoutes extends RouteBuilder {
    @Override
    public void configure() {
        long periodMs = getContext().getRegistry().lookupByNameAndType(DatabaseConfiguration.SETTINGS, DatabaseSettings.class)
                .h2HousekeepingPeriodMs();
        if (periodMs <= 0 || getContext().getRegistry().lookupByName("embeddedH2Housekeeping") == null) {
            return;
        }
        from("timer:compactEmbeddedDatabase?period=" + periodMs + "&delay=" + periodMs).routeId("compactEmbeddedDatabase")
                .description("Rewrite the embedded H2 file's half-empty chunks, the step H2's own background writer takes")
                .errorHandler(noErrorHandler())
                .bean("embeddedH2Housekeeping", "compact").id("rewriteHalfEmptyChunks");
    }
}
