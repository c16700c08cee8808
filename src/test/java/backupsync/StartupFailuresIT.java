package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import backupsync.queue.BrokerConnections;
import backupsync.queue.BrokerSettings;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.JarProcess;
import backupsync.support.JmsClient;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that cannot own what it is configured to own does not run: the packaged jar, started beside a running node
 * on that node's ports or data directory, exits non-zero within seconds with one line naming the cause and the
 * property to change, and no stack trace. Before this, a second node without its ports stayed up and its queue
 * consumers answered the first node's requests from their own database (SYS.1003 for backups the first one holds).
 */
class StartupFailuresIT {
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    private Fixture fixture;
    private String backup;
    private int httpPort;
    private int brokerPort;
    private JarProcess first;

    @BeforeEach
    void startFirstNode() throws Exception {
        fixture = new Fixture(tmp.resolve("first"));
        backup = fixture.backup("admin", 64 << 10);
        httpPort = ServiceRunner.freePort();
        brokerPort = ServiceRunner.freePort();
        first = JarProcess.start(tmp.resolve("logs"), "first", node(fixture.dataDir, httpPort, brokerPort,
                fixture.writeInventory())).awaitReady(httpPort);
    }

    @AfterEach
    void stopFirstNode() throws Exception {
        first.close();
    }

    @Test
    void aSecondNodeOnTheFirstNodesHttpPortExitsNamingTheProperty() throws Exception {
        JarProcess second = startSecond("second-http", httpPort, ServiceRunner.freePort());
        assertThat(second.awaitExit(EXIT_WITHIN)).isNotZero();
        assertOneLine(second, "HTTP port " + httpPort, "camel.server.port");
        assertEveryRequestAnsweredByTheFirstNode();
    }

    @Test
    void aSecondNodeOnTheFirstNodesBrokerPortExitsAndTheFirstNodeAnswersEveryRequest() throws Exception {
        JarProcess second = startSecond("second-broker", ServiceRunner.freePort(), brokerPort);
        assertThat(second.awaitExit(EXIT_WITHIN)).isNotZero();
        assertOneLine(second, "embedded broker port " + brokerPort, "backupsync.broker.port");
        assertEveryRequestAnsweredByTheFirstNode();
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryExitsNamingIt() throws Exception {
        JarProcess second = JarProcess.start(tmp.resolve("logs"), "second-data",
                node(fixture.dataDir, ServiceRunner.freePort(), ServiceRunner.freePort(), fixture.writeInventory()));
        assertThat(second.awaitExit(EXIT_WITHIN)).isNotZero();
        assertOneLine(second, "embedded database", "backupsync.data-dir");
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    void anUnreadableInventoryExitsNamingTheSetting() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        JarProcess second = JarProcess.start(tmp.resolve("logs"), "second-inventory",
                node(other.resolve("data"), ServiceRunner.freePort(), ServiceRunner.freePort(), other.resolve("missing.yaml")));
        assertThat(second.awaitExit(EXIT_WITHIN)).isNotZero();
        assertOneLine(second, "missing.yaml", "backupsync.inventory-file");
    }

    /** The second node has a data directory and an inventory of its own, in which the first node's backup is unknown. */
    private JarProcess startSecond(String name, int http, int broker) throws Exception {
        Fixture own = new Fixture(tmp.resolve(name));
        own.backup("admin", 4096);
        return JarProcess.start(tmp.resolve("logs"), name, node(own.dataDir, http, broker, own.writeInventory()));
    }

    private static Map<String, String> node(Path dataDir, int http, int broker, Path inventory) {
        Map<String, String> properties = new HashMap<>();
        properties.put("backupsync.data-dir", dataDir.toString());
        properties.put("camel.server.port", Integer.toString(http));
        properties.put("backupsync.broker.port", Integer.toString(broker));
        properties.put("backupsync.inventory-file", inventory.toString());
        return properties;
    }

    private static void assertOneLine(JarProcess node, String cause, String property) {
        String stderr = node.stderr().strip();
        assertThat(stderr.lines()).as("stderr: %s", stderr).hasSize(1);
        assertThat(stderr).startsWith("backup-sync cannot start: ").contains(cause).contains(property);
        assertThat(node.stdout() + stderr).as("no stack trace on the console").doesNotContain("\tat ", "Exception in thread");
    }

    /** Every queue request sent to the first node's broker is answered by the first node, from its database. */
    private void assertEveryRequestAnsweredByTheFirstNode() throws Exception {
        assertThat(first.isAlive()).isTrue();
        try (JmsClient client = new JmsClient(BrokerConnections.connectionFactory(
                BrokerSettings.from(Map.of("backupsync.broker.port", Integer.toString(brokerPort))::get)))) {
            for (int i = 0; i < 6; i++) {
                TextMessage answer = client.request("backupsync.sync.requests",
                        Http.publishedBody(fixture.primaryUuid, i % 2 == 0 ? fixture.drUuid : fixture.thirdUuid),
                        Map.of("uuid", backup));
                JsonNode json = Http.JSON.readTree(JmsClient.text(answer));
                assertThat(json.has("inventory")).as("answer %d: %s", i, json).isTrue();
                assertThat(json.at("/inventory/uuid").asText()).isEqualTo(backup);
            }
        }
    }
}
