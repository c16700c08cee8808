package backupsync.queue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.JmsClient;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static backupsync.support.Inventories.refOn;
import static backupsync.support.Inventories.refRows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue door on the real RabbitMQ (config/rabbitmq.properties: 127.0.0.1:5672, guest). Runs with
 * {@code mvn test -Prabbitmq}; queue names are new for each run and deleted afterwards.
 */
@Tag("rabbitmq")
class QueueRabbitMqTest {
    static final String RUN = Uuids.random().substring(0, 8);
    static final String REQUESTS = "backupsync.test." + RUN + ".requests";
    static final String DEAD_LETTERS = "backupsync.test." + RUN + ".dlq";

    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Properties rabbitmq;
    static String syncedBackup;
    static String failingBackup;

    @BeforeAll
    static void start() throws Exception {
        rabbitmq = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("config/rabbitmq.properties"))) {
            rabbitmq.load(in);
        }
        fixture = new Fixture(tmp);
        syncedBackup = fixture.backup("admin", 3 * 1024 * 1024 + 1);
        failingBackup = fixture.backup("admin", 1000);
        service = fixture.service()
                .with("backupsync.queue.requests", REQUESTS)
                .with("backupsync.queue.dead-letter", DEAD_LETTERS)
                .with("backupsync.queue.maximum-redeliveries", "2")
                .with("backupsync.queue.redelivery-delay", "50");
        rabbitmq.stringPropertyNames().forEach(key -> service.with(key, rabbitmq.getProperty(key).trim()));
        service.start();
        // The file's values may be placeholders ({{env:...}}): the test's own clients use what the service resolved.
        for (String key : rabbitmq.stringPropertyNames()) {
            rabbitmq.setProperty(key, service.camelContext().getPropertiesComponent().resolveProperty(key).orElseThrow());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        ConnectionFactory admin = new ConnectionFactory();
        admin.setHost(rabbitmq.getProperty("backupsync.broker.host").trim());
        admin.setPort(Integer.parseInt(rabbitmq.getProperty("backupsync.broker.port").trim()));
        admin.setUsername(rabbitmq.getProperty("backupsync.broker.username").trim());
        admin.setPassword(rabbitmq.getProperty("backupsync.broker.password").trim());
        try (com.rabbitmq.client.Connection connection = admin.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDelete(REQUESTS);
            channel.queueDelete(DEAD_LETTERS);
        }
    }

    static JmsClient client() throws Exception {
        return new JmsClient(BrokerConnections.connectionFactory(BrokerSettings.from(key -> {
            String value = rabbitmq.getProperty(key);
            return value == null ? null : value.trim();
        })));
    }

    @Test
    void requestReplyCopiesTheFileAndAnswersWithTheInventory() throws Exception {
        try (JmsClient client = client()) {
            TextMessage reply = client.request(REQUESTS, Http.sdkBody(fixture.primaryUuid, fixture.drUuid),
                    Map.of("uuid", syncedBackup));

            JsonNode inventory = Http.JSON.readTree(reply.getText()).get("inventory");
            assertThat(refOn(inventory, fixture.drUuid).get("status").asText()).as(reply.getText()).isEqualTo("Ready");
            assertThat(Files.mismatch(fixture.onPrimary(syncedBackup), fixture.onDr(syncedBackup))).isEqualTo(-1L);
        }
    }

    @Test
    void aTransientFailureIsRetriedThenDeadLetteredWithItsReason() throws Exception {
        Path blocked = fixture.third.resolve("zsbak");
        Files.writeString(blocked, "not a directory");
        try (JmsClient client = client()) {
            TextMessage reply = client.request(REQUESTS, Http.sdkBody(fixture.primaryUuid, fixture.thirdUuid),
                    Map.of("uuid", failingBackup));

            assertThat(Http.JSON.readTree(reply.getText()).get("error").get("code").asText()).isEqualTo("SYS.1016");
            assertThat(reply.getIntProperty("attempts")).isEqualTo(3);
            TextMessage deadLetter = client.receive(DEAD_LETTERS, JmsClient.REPLY_TIMEOUT_MS);
            assertThat(deadLetter).as("dead-letter record").isNotNull();
            assertThat(deadLetter.getStringProperty("errorCode")).isEqualTo("SYS.1016");
            JsonNode record = Http.JSON.readTree(deadLetter.getText());
            assertThat(record.get("request").get("uuid").asText()).isEqualTo(failingBackup);
            assertThat(record.get("error").get("details").asText()).isNotBlank();
            assertThat(refRows(service, failingBackup, fixture.thirdUuid)).isZero();
            assertThat(Fixture.filesUnder(fixture.third)).containsExactly(blocked);
        }
    }
}
