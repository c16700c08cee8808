package backupsync;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.ServiceRunner;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inventory file is strict: a key, a missing or an empty file that the service would otherwise pass over stops
 * start-up with a message naming it, and nothing of the file is written.
 */
class InventoryFileTest {
    private static final String DEFAULT_ADMIN_WARNING = "created ZStack's default account admin/password";

    @TempDir
    Path tmp;

    @Test
    void anUnknownKeyStopsStartUpNamingTheEntryTheKeyAndTheKeysAllowed() throws Exception {
        Fixture fixture = new Fixture(tmp);
        Path inventory = fixture.writeInventory();
        String valid = Files.readString(inventory);

        Files.writeString(inventory, valid.replace("name: dr, url:", "name: dr, colour: red, url:"));
        assertThat(startUpFailure(fixture.dataDir, inventory)).contains("backupStorages[1] (dr)", "unknown key 'colour'",
                "allowed: uuid, name, url, description, state, status, totalCapacity");

        // A misspelt optional key would otherwise leave the store without a capacity, silently.
        Files.writeString(inventory, valid.replace("name: dr, url:", "name: dr, totalCapacty: 1000, url:"));
        assertThat(startUpFailure(fixture.dataDir, inventory)).contains("backupStorages[1] (dr)", "unknown key 'totalCapacty'");

        Files.writeString(inventory, valid.replace("{name: tenant1,", "{name: tenant1, passwd: x,"));
        assertThat(startUpFailure(fixture.dataDir, inventory)).contains("accounts[1] (tenant1)", "unknown key 'passwd'",
                "allowed: name, password, type, uuid");

        ServiceRunner.withDatabaseOf(fixture.dataDir, false, jdbc -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM BackupStorageVO", Map.of(), Integer.class)).as("nothing of the file written").isZero());
    }

    @Test
    void anUnknownKeyOfABackupOrAPolicyIsRefusedToo() throws Exception {
        Fixture fixture = new Fixture(tmp);
        fixture.backup("admin", 100);
        fixture.replicationPolicy("name: nightly, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], schedule: '0 0 2 * * ?'"
                .formatted(fixture.primaryUuid, fixture.drUuid));
        Path inventory = fixture.writeInventory();
        String valid = Files.readString(inventory);

        Files.writeString(inventory, valid.replace("description: nightly,", "description: nightly, md5: 0,"));
        assertThat(startUpFailure(fixture.dataDir, inventory)).contains("databaseBackups[0]", "unknown key 'md5'",
                "metadata");

        Files.writeString(inventory, valid.replace("schedule: '0 0 2 * * ?'", "shedule: '0 0 2 * * ?'"));
        assertThat(startUpFailure(fixture.dataDir, inventory)).contains("replicationPolicies[0] (nightly)", "unknown key 'shedule'");
    }

    @Test
    void aMissingOrEmptyFileStopsStartUpSayingSo() throws Exception {
        Path missing = tmp.resolve("no-such-inventory.yaml");
        assertThat(startUpFailure(tmp.resolve("data"), missing)).contains("inventory file " + missing + " does not exist");

        Path empty = Files.writeString(tmp.resolve("empty.yaml"), "# nothing yet\n");
        assertThat(startUpFailure(tmp.resolve("data"), empty)).contains("inventory file " + empty + " is empty");
    }

    @Test
    void theDefaultAdminWarningOnlyWhenThatAccountIsCreated() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String withAdminInTheFile = logsOf(() -> {
            try (ServiceRunner service = fixture.service().start()) {
                return new Http(service.baseUrl()).login("admin", Http.ADMIN_PASSWORD_SHA512);
            }
        });
        assertThat(withAdminInTheFile).as("the file gives admin").doesNotContain(DEFAULT_ADMIN_WARNING);

        String withoutAnyFile = logsOf(() -> {
            try (ServiceRunner service = new ServiceRunner(tmp.resolve("other-data"), null).start()) {
                return new Http(service.baseUrl()).login("admin", Http.ADMIN_PASSWORD_SHA512);
            }
        });
        assertThat(withoutAnyFile).contains(DEFAULT_ADMIN_WARNING);

        String restarted = logsOf(() -> {
            try (ServiceRunner service = new ServiceRunner(tmp.resolve("other-data"), null).start()) {
                return service.baseUrl();
            }
        });
        assertThat(restarted).as("admin exists already").doesNotContain(DEFAULT_ADMIN_WARNING);
    }

    private static String startUpFailure(Path dataDir, Path inventory) {
        ServiceRunner service = new ServiceRunner(dataDir, inventory);
        StringBuilder messages = new StringBuilder();
        try {
            assertThatThrownBy(service::start).satisfies(e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append(" | ");
                }
            });
        } finally {
            service.close();
        }
        return messages.toString();
    }

    /** What the service logged while {@code work} ran. */
    private static String logsOf(Callable<String> work) throws Exception {
        StringWriter logs = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        WriterAppender capture = WriterAppender.newBuilder().setName("inventory-file-test").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %msg%n").build()).build();
        capture.start();
        context.getConfiguration().addAppender(capture);
        context.getRootLogger().addAppender(capture);
        try {
            assertThat(work.call()).isNotBlank();
        } finally {
            context.getRootLogger().removeAppender(capture);
            capture.stop();
        }
        return logs.toString();
    }
}
