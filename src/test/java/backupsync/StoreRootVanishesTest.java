package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 19: a local store whose root vanishes (an NFS mount gone) is marked Disconnected by the ping, as a remote one
 * that stops answering is; syncs to it answer BS.1500 at once while the node stays ready; once the root is back the
 * ping marks it Connected and syncs work again. A status the inventory set on purpose is left alone meanwhile.
 */
class StoreRootVanishesTest {
    @TempDir
    Path tmp;

    @Test
    void aVanishedLocalRootDisconnectsItsStoreOnlyUntilItIsBack() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 64 * 1024);
        try (ServiceRunner service = fixture.service().with("backupsync.storage.ping-period", "100").start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            assertThat(status(http, admin, fixture.drUuid)).isEqualTo("Connected");

            Path moved = tmp.resolve("dr-unmounted");
            Files.move(fixture.dr, moved);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "Disconnected".equals(status(http, admin, fixture.drUuid)));
            Response refused = sync(http, admin, backup, fixture);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.error().get("code").asText()).isEqualTo("BS.1500");
            assertThat(refused.error().get("details").asText()).contains(fixture.drUuid).contains("Disconnected");
            Response ready = http.get("/observe/health/ready", java.util.Map.of());
            assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("UP");
            assertThat(status(http, admin, fixture.primaryUuid)).as("the other stores").isEqualTo("Connected");

            Files.move(moved, fixture.dr);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "Connected".equals(status(http, admin, fixture.drUuid)));
            Response synced = sync(http, admin, backup, fixture);
            assertThat(synced.status()).as(synced.toString()).isEqualTo(200);
            assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1);

            // The inventory's "disconnected" store has a root that passes every check, yet pings did not reconnect it.
            assertThat(Files.isDirectory(tmp.resolve("stores/disconnected"))).isTrue();
            assertThat(status(http, admin, fixture.disconnectedStoreUuid)).isEqualTo("Disconnected");
        }
    }

    private static Response sync(Http http, String admin, String backup, Fixture fixture) {
        return http.put("/zstack/v1/database-backups/" + backup + "/actions",
                Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
    }

    /** The store's status as ZStack's query API answers it. */
    private static String status(Http http, String admin, String storeUuid) {
        JsonNode found = http.get("/zstack/v1/backup-storage?q=uuid=" + storeUuid, Http.session(admin)).json().get("inventories");
        assertThat(found).hasSize(1);
        return found.get(0).get("status").asText();
    }
}
