package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import backupsync.data.Database;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.ServiceRunner;
import backupsync.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded H2 file stays compact while syncs commit: without housekeeping every commit leaves a chunk that a
 * few live pages keep, and the file only grows. Read through the gauges operators watch on /observe/metrics.
 */
class EmbeddedDatabaseHousekeepingTest {
    private static final int SYNCS = 400;

    @TempDir
    Path tmp;

    @Test
    void chunksAreRewrittenAfterManySyncs() throws Exception {
        assumeThat(TestDatabases.onServer()).as("PostgreSQL and MariaDB keep their own files").isFalse();
        Fixture fixture = new Fixture(tmp);
        List<String> backups = new ArrayList<>();
        for (int i = 0; i < SYNCS; i++) {
            backups.add(fixture.backup("admin", 1024));
        }
        // H2 rewrites a chunk only once it is older than RETENTION_TIME (45 s by default): 1 s keeps the test short.
        try (ServiceRunner service = fixture.service()
                .with("backupsync.db.url", Database.embeddedH2Url(fixture.dataDir) + ";RETENTION_TIME=1000")
                .with("backupsync.db.h2.housekeeping-period", "100").start()) {
            Http http = new Http(service.baseUrl());
            String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (String backup : backups) {
                    statuses.add(clients.submit(() -> http.put("/zstack/v1/database-backups/" + backup + "/actions",
                            Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(session)).status()));
                }
                for (Future<Integer> status : statuses) {
                    assertThat(status.get()).isEqualTo(200);
                }
            } finally {
                clients.shutdown();
            }

            assertThat(service.camelContext().getRoute("compactEmbeddedDatabase")).isNotNull();
            Path file = fixture.dataDir.resolve("backupsync.mv.db");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String metrics = http.get("/observe/metrics", Map.of()).text();
                assertThat(Http.metric(metrics, "backupsync_database_chunk_fill_ratio ")).isGreaterThanOrEqualTo(0.5);
                assertThat(Http.metric(metrics, "backupsync_database_file_bytes ")).isEqualTo((double) Files.size(file));
            });
        }
    }

    @Test
    void periodZeroRunsNoHousekeepingButStillShowsTheFile() throws Exception {
        assumeThat(TestDatabases.onServer()).as("PostgreSQL and MariaDB keep their own files").isFalse();
        Fixture fixture = new Fixture(tmp);
        try (ServiceRunner service = fixture.service().with("backupsync.db.h2.housekeeping-period", "0").start()) {
            assertThat(service.camelContext().getRoute("compactEmbeddedDatabase")).isNull();
            String metrics = new Http(service.baseUrl()).get("/observe/metrics", Map.of()).text();
            assertThat(Http.metric(metrics, "backupsync_database_file_bytes "))
                    .isEqualTo((double) Files.size(fixture.dataDir.resolve("backupsync.mv.db")));
        }
    }
}
