package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import backupsync.data.DemoSetup;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Replication;
import backupsync.support.ServiceRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inventory file (idempotent, strict) and the demo the README promises. */
class InventoryAndDemoTest {
    @TempDir
    Path tmp;

    @Test
    void loadingTheSameInventoryTwiceChangesNothing() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("tenant1", 1234);
        // CONCAT, not ||: MariaDB reads || as OR.
        String query = "SELECT CONCAT((SELECT COUNT(*) FROM AccountVO), '/', (SELECT COUNT(*) FROM BackupStorageVO), '/', "
                + "(SELECT COUNT(*) FROM DatabaseBackupVO), '/', (SELECT COUNT(*) FROM DatabaseBackupStorageRefVO), '/', "
                + "(SELECT COUNT(*) FROM AccountResourceRefVO))";
        String first;
        Map<String, Object> firstRow;
        try (ServiceRunner service = fixture.service().start()) {
            first = service.jdbc().queryForObject(query, Map.of(), String.class);
            firstRow = service.jdbc().queryForMap("SELECT size, metadata, createDate FROM DatabaseBackupVO WHERE uuid = :u", Map.of("u", backup));
        }
        try (ServiceRunner service = fixture.service().start()) {
            assertThat(service.jdbc().queryForObject(query, Map.of(), String.class)).isEqualTo(first).isEqualTo("3/5/1/1/1");
            assertThat(service.jdbc().queryForMap("SELECT size, metadata, createDate FROM DatabaseBackupVO WHERE uuid = :u", Map.of("u", backup)))
                    .isEqualTo(firstRow);
        }
        assertThat((String) firstRow.get("metadata")).contains("\"version\":\"3.0.0\"").contains(Fixture.md5(fixture.onPrimary(backup)));
        assertThat(((Number) firstRow.get("size")).longValue()).isEqualTo(1234);
    }

    @Test
    void anInventoryBeyondSnakeYamlsDefaultSizeLoads() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("tenant1", 1234);
        Path inventory = fixture.writeInventory();
        // 4 Mi characters, as a cloud's ~25,000 backups take; a comment keeps the test quick. First: SnakeYAML counts as it reads.
        Files.writeString(inventory, "# " + "x".repeat(4 << 20) + "\n" + Files.readString(inventory));
        try (ServiceRunner service = new ServiceRunner(fixture.dataDir, inventory).start()) {
            assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM DatabaseBackupVO WHERE uuid = :u",
                    Map.of("u", backup), Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void aBadInventoryStopsStartUpNamingTheEntry() throws Exception {
        Fixture fixture = new Fixture(tmp);
        fixture.writeInventory();
        Path inventory = tmp.resolve("bad.yaml");
        Files.writeString(inventory, Files.readString(fixture.writeInventory())
                + "  - {uuid: 0123456789abcdef0123456789abcdef, name: Ghost, installPath: 'zstore://zsbak/ghost', backupStorageUuids: [" + fixture.primaryUuid + "]}\n");
        ServiceRunner service = new ServiceRunner(fixture.dataDir, inventory);
        assertThatThrownBy(service::start)
                .satisfies(e -> assertThat(rootMessage(e)).contains("databaseBackups[0] (Ghost)").contains("does not exist"));
        service.close();

        Files.writeString(inventory, "backupStorages:\n  - {uuid: NOT-A-UUID, name: x, url: /tmp}\n");
        ServiceRunner second = new ServiceRunner(fixture.dataDir, inventory);
        assertThatThrownBy(second::start)
                .satisfies(e -> assertThat(rootMessage(e)).contains("backupStorages[0] (x)").contains("not a ZStack uuid"));
        second.close();
    }

    @Test
    void uuidsThatYamlWouldReadAsNumbersKeepTheirText() throws Exception {
        // Unquoted, as an operator writes them: SnakeYAML's default schema reads each uuid and each name here as a
        // float (1.2E40, 9.9E28, 1000.0, 20.0).
        String store = "12345678901234567890123456789e12";
        String backup = "98765432109876543210987654321e08";
        Path root = tmp.resolve("store");
        Files.createDirectories(root.resolve("zsbak"));
        Files.write(root.resolve("zsbak/" + backup), new byte[777]);
        Path inventory = tmp.resolve("numbers.yaml");
        Files.writeString(inventory, """
                backupStorages:
                  - {uuid: %s, name: 1e3, url: %s, totalCapacity: 1000000}
                databaseBackups:
                  - {uuid: %s, name: 2e1, installPath: 'zstore://zsbak/%s', backupStorageUuids: [%s]}
                """.formatted(store, root, backup, backup, store));
        try (ServiceRunner service = new ServiceRunner(tmp.resolve("data"), inventory).start()) {
            assertThat(service.jdbc().queryForObject("SELECT name FROM BackupStorageVO WHERE uuid = :u",
                    Map.of("u", store), String.class)).isEqualTo("1e3");
            assertThat(service.jdbc().queryForMap("SELECT name, size FROM DatabaseBackupVO WHERE uuid = :u", Map.of("u", backup)))
                    .containsEntry("name", "2e1").hasEntrySatisfying("size", size -> assertThat(((Number) size).longValue()).isEqualTo(777));
            assertThat(service.jdbc().queryForObject("SELECT backupStorageUuid FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :u",
                    Map.of("u", backup), String.class)).isEqualTo(store);
        }
    }

    @Test
    void withoutAnyInventoryTheDefaultAdminCanLogIn() throws Exception {
        try (ServiceRunner service = new ServiceRunner(tmp.resolve("data"), null).start()) {
            assertThat(new Http(service.baseUrl()).login("admin", Http.ADMIN_PASSWORD_SHA512)).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void theDemoScriptWorksAsPrinted() throws Exception {
        try (ServiceRunner service = new ServiceRunner(tmp.resolve("data"), null).with("backupsync.demo", "true").start()) {
            Path script = tmp.resolve("data/demo/try-it.sh");
            Process process = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(output).contains("\"inventory\"").contains(DemoSetup.DR_UUID).doesNotContain("\"error\"");
            Path stores = tmp.resolve("data/demo/stores");
            Path source = stores.resolve("primary/zsbak/" + DemoSetup.BACKUP_UUID);
            assertThat(Files.size(source)).isGreaterThan(1 << 20);
            assertThat(Files.mismatch(source, stores.resolve("dr/zsbak/" + DemoSetup.BACKUP_UUID))).isEqualTo(-1L);

            // The README's replication curls name the demo's policy: run it now and read its report.
            Http http = new Http(service.baseUrl());
            String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            String run = Replication.runNow(http, session, DemoSetup.POLICY_UUID);
            assertThat(Replication.awaitFinished(http, session, run).path("status").asText()).isEqualTo("Succeeded");
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        return messages.toString();
    }
}
