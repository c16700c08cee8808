package backupsync.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.JmsClient;
import backupsync.support.ServiceRunner;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static backupsync.support.Inventories.refOn;
import static backupsync.support.Inventories.refRows;
import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the service with requests queued and in flight loses none of them and copies nothing twice. */
class QueueRestartTest {
    static final String REQUESTS = "backupsync.sync.requests";
    static final String REPLIES = "test.restart.replies";
    static final long SIZE = 4 * 1024 * 1024 + 3;
    static final int BACKUPS = 5;

    @TempDir
    Path tmp;

    @Test
    void everyRequestIsAnsweredAfterARestartAndEachBackupIsCopiedOnce() throws Exception {
        Fixture fixture = new Fixture(tmp).drTotalCapacity(1L << 40);
        List<String> backups = new ArrayList<>();
        for (int i = 0; i < BACKUPS; i++) {
            backups.add(fixture.backup("admin", SIZE));
        }
        Path inventory = fixture.writeInventory();
        String brokerPort = Integer.toString(ServiceRunner.freePort());
        Set<String> sent = new HashSet<>();
        Set<String> answered = new HashSet<>();

        // One consumer: most requests are still queued when the service stops, one is in flight.
        ServiceRunner first = new ServiceRunner(fixture.dataDir, inventory).with("backupsync.broker.port", brokerPort)
                .with("backupsync.queue.concurrent-consumers", "1").start();
        QueueOutcomes beforeStop = outcomes(first);
        try (JmsClient client = JmsClient.embedded(first)) {
            // A durable reply queue: answers sent before the stop wait in the broker's journal.
            Queue replies = client.session().createQueue(REPLIES);
            for (int round = 0; round < 2; round++) {
                for (String backup : backups) {
                    String correlationId = "request-" + round + "-" + backup;
                    client.send(REQUESTS, Http.sdkBody(fixture.primaryUuid, fixture.drUuid), Map.of("uuid", backup),
                            replies, correlationId);
                    sent.add(correlationId);
                }
            }
            answered.add(receiveAnswer(client, fixture).getJMSCorrelationID());
        }
        first.stop();

        ServiceRunner second = new ServiceRunner(fixture.dataDir, inventory).with("backupsync.broker.port", brokerPort).start();
        try (JmsClient client = JmsClient.embedded(second)) {
            while (!answered.containsAll(sent)) {
                answered.add(receiveAnswer(client, fixture).getJMSCorrelationID());
            }
            QueueOutcomes afterRestart = outcomes(second);
            assertThat(afterRestart.succeeded()).as("requests left on the queue ran after the restart").isPositive();
            assertThat(beforeStop.copies() + afterRestart.copies()).as("copies made").isEqualTo(BACKUPS);
            assertThat(beforeStop.failed() + afterRestart.failed()).isZero();
            for (String backup : backups) {
                assertThat(refRows(second, backup, fixture.drUuid)).isEqualTo(1);
                assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
            }
            assertThat(Fixture.filesUnder(fixture.dr)).as("no partial files").hasSize(BACKUPS);
        } finally {
            second.stop();
        }
        assertThat(answered).isEqualTo(sent);
    }

    private static TextMessage receiveAnswer(JmsClient client, Fixture fixture) throws Exception {
        TextMessage reply = client.receive(REPLIES, JmsClient.REPLY_TIMEOUT_MS);
        assertThat(reply).as("an answer").isNotNull();
        assertThat(refOn(Http.JSON.readTree(reply.getText()).get("inventory"), fixture.drUuid).get("status").asText())
                .as(reply.getText()).isEqualTo("Ready");
        return reply;
    }

    private static QueueOutcomes outcomes(ServiceRunner service) {
        return service.camelContext().getRegistry().lookupByNameAndType("queueOutcomes", QueueOutcomes.class);
    }
}
