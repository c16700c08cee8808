package backupsync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import backupsync.support.JarProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad setting stops the packaged jar at once, with one line naming the property, the value and what is allowed,
 * before anything is opened (no data directory is created).
 */
class BadSettingsIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "backupsync.db.pool-size        | lots      | a whole number from 1 to 1000",
            "backupsync.db.migrate          | sometimes | one of migrate, baseline, none",
            "backupsync.queue.concurrent-consumers | 0  | a whole number from 1 to 1024",
            "backupsync.demo                | yes       | true or false",
            "camel.server.port              | 70000     | a whole number from 1 to 65535",
            "backupsync.broker.type         | kafka     | one of artemis-embedded, artemis, rabbitmq"})
    void aBadValueStopsStartUpNamingThePropertyTheValueAndWhatIsAllowed(String key, String value, String allowed)
            throws Exception {
        Path dataDir = tmp.resolve("data");
        try (JarProcess node = JarProcess.start(tmp.resolve("logs"), key, Map.of(key, value,
                "backupsync.data-dir", dataDir.toString()))) {
            assertThat(node.awaitExit(Duration.ofSeconds(60))).isEqualTo(Application.EXIT_CANNOT_START);
            assertThat(node.stderr().strip()).isEqualTo(
                    "backup-sync cannot start: %s = '%s' is not valid: it must be %s".formatted(key, value, allowed));
            assertThat(node.stdout()).doesNotContain("\tat ");
        }
        assertThat(dataDir).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"kafka | no config/kafka.properties", "post gres | is not a backend name"})
    void anUnknownBackendStopsStartUpNamingIt(String backend, String says) throws Exception {
        try (JarProcess node = JarProcess.start(tmp.resolve("logs"), "backend", Map.of("backupsync.backend", backend,
                "backupsync.data-dir", tmp.resolve("data").toString()))) {
            assertThat(node.awaitExit(Duration.ofSeconds(60))).isEqualTo(Application.EXIT_CANNOT_START);
            assertThat(node.stderr().strip()).startsWith("backup-sync cannot start: backupsync.backend").contains(says);
        }
    }
}
