package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.JmsClient;
import backupsync.support.ServiceRunner;
import backupsync.support.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two nodes of one installation (different data directories, one database, shared stores): the database alone
 * serializes syncs of one backup across them, whichever door (REST or queue, on either node) the requests use. Needs a real database server: runs in the postgresql profile.
 */
@Tag("two-nodes")
class TwoNodesSyncTest {
    static final int CALLERS = 50;
    static final long SIZE = 2 * 1024 * 1024 + 3;

    @TempDir
    Path tmp;

    @Test
    void fiftyConcurrentSyncsOverTwoNodesMakeOneCopyAndOneRef() throws Exception {
        assumeTrue(TestDatabases.onServer(), "two nodes share a database only on a real database server");
        Fixture fixture = new Fixture(tmp).drTotalCapacity(1L << 40);
        String backup = fixture.backup("admin", SIZE);
        Path inventory = fixture.writeInventory();
        try (ServiceRunner first = new ServiceRunner(fixture.dataDir, inventory).start();
             ServiceRunner second = new ServiceRunner(Files.createDirectories(tmp.resolve("data-node2")), inventory)
                     .sameDatabaseAs(first).start()) {
            List<Http> nodes = List.of(new Http(first.baseUrl()), new Http(second.baseUrl()));
            String session = nodes.get(0).login("admin", Http.ADMIN_PASSWORD_SHA512);
            Long capacityBefore = availableCapacity(first, fixture.drUuid);

            List<ServiceRunner> services = List.of(first, second);
            ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
            List<JsonNode> inventories = new ArrayList<>();
            try {
                // Spread over four doors: each node's REST door and each node's queue door (its embedded broker).
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    int node = i % 2;
                    boolean viaQueue = (i / 2) % 2 == 1;
                    answers.add(pool.submit(() -> viaQueue
                            ? syncByQueue(services.get(node), backup, fixture, session)
                            : syncByRest(nodes.get(node), backup, fixture, session)));
                }
                for (Future<String> answer : answers) {
                    JsonNode reply = Http.JSON.readTree(answer.get());
                    assertThat(reply.has("inventory")).as(reply.toString()).isTrue();
                    inventories.add(reply.get("inventory"));
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(inventories).allSatisfy(inventory1 -> assertThat(inventory1).isEqualTo(inventories.get(0)));
            Integer refRows = first.jdbc().queryForObject(
                    "SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b AND backupStorageUuid = :s",
                    Map.of("b", backup, "s", fixture.drUuid), Integer.class);
            assertThat(refRows).isEqualTo(1);
            // Each committed copy consumes the capacity: consumed once means copied once.
            assertThat(availableCapacity(first, fixture.drUuid)).isEqualTo(capacityBefore - SIZE);
            assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
            assertThat(Fixture.filesUnder(fixture.dr)).noneMatch(file -> file.getFileName().toString().endsWith(".part"));
        }
    }

    private static String syncByRest(Http node, String backup, Fixture fixture, String session) {
        Response response = node.put("/zstack/v1/database-backups/" + backup + "/actions",
                Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(session));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text();
    }

    private static String syncByQueue(ServiceRunner node, String backup, Fixture fixture, String session) throws Exception {
        try (JmsClient client = JmsClient.embedded(node)) {
            return client.request("backupsync.sync.requests", Http.publishedBody(fixture.primaryUuid, fixture.drUuid),
                    Map.of("uuid", backup, "sessionUuid", session)).getText();
        }
    }

    private static Long availableCapacity(ServiceRunner service, String storageUuid) {
        return service.jdbc().queryForObject("SELECT availableCapacity FROM BackupStorageVO WHERE uuid = :u",
                Map.of("u", storageUuid), Long.class);
    }
}
