package backupsync.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Inventories;
import backupsync.support.JmsClient;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static backupsync.support.Inventories.availableCapacity;
import static backupsync.support.Inventories.refOn;
import static backupsync.support.Inventories.refRows;
import static org.assertj.core.api.Assertions.assertThat;

/** The queue door against the embedded Artemis broker: a plain JMS client, the real service, real files. */
class QueueDoorTest {
    static final String REQUESTS = "backupsync.sync.requests";
    static final String DEAD_LETTERS = "backupsync.sync.dlq";
    static final long SIZE = 2 * 1024 * 1024 + 5;

    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static QueueOutcomes outcomes;
    static String requestReplyBackup;
    static String correlatedBackup;
    static String invalidRequestBackup;
    static String transientFailureBackup;
    static String duplicateBackup;
    static String restAndQueueBackup;
    static String senderBackup;
    static String unansweredBackup;
    static String oddKeyBackup;
    JmsClient client;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp).drTotalCapacity(1L << 40);
        requestReplyBackup = fixture.backup("tenant1", SIZE);
        correlatedBackup = fixture.backup("admin", 1000);
        invalidRequestBackup = fixture.backup("admin", 1000);
        transientFailureBackup = fixture.backup("admin", 1000);
        duplicateBackup = fixture.backup("admin", SIZE);
        restAndQueueBackup = fixture.backup("admin", SIZE);
        senderBackup = fixture.backup("admin", 1000);
        unansweredBackup = fixture.backup("admin", 1000);
        oddKeyBackup = fixture.backup("admin", 1000);
        service = fixture.service()
                .with("backupsync.queue.maximum-redeliveries", "2")
                .with("backupsync.queue.redelivery-delay", "50")
                .with("backupsync.queue.concurrent-consumers", "4")
                .start();
        outcomes = service.camelContext().getRegistry().lookupByNameAndType("queueOutcomes", QueueOutcomes.class);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void connect() throws Exception {
        client = JmsClient.embedded(service);
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
    }

    static String sdkBody(String dst) {
        return Http.sdkBody(fixture.primaryUuid, dst);
    }

    static JsonNode json(TextMessage message) throws Exception {
        return Http.JSON.readTree(message.getText());
    }

    @Test
    void requestReplyCopiesTheFileAndAnswersWithTheInventory() throws Exception {
        long capacity = availableCapacity(service, fixture.drUuid);
        TemporaryQueue replies = client.temporaryQueue();
        TextMessage request = client.send(REQUESTS, sdkBody(fixture.drUuid), Map.of("uuid", requestReplyBackup), replies, null);

        TextMessage reply = client.receive(replies, JmsClient.REPLY_TIMEOUT_MS);

        assertThat(reply).as("reply").isNotNull();
        assertThat(reply.getJMSCorrelationID()).as("no correlation id sent: the request's message id")
                .isEqualTo(request.getJMSMessageID());
        JsonNode inventory = json(reply).get("inventory");
        assertThat(inventory.get("uuid").asText()).isEqualTo(requestReplyBackup);
        assertThat(refOn(inventory, fixture.drUuid).get("status").asText()).isEqualTo("Ready");
        assertThat(Files.mismatch(fixture.onPrimary(requestReplyBackup), fixture.onDr(requestReplyBackup))).isEqualTo(-1L);
        assertThat(availableCapacity(service, fixture.drUuid)).isEqualTo(capacity - SIZE);
        assertThat(reply.getStringProperty("errorCode")).isNull();
    }

    @Test
    void thePublishedBodyWithTheUuidInsideAndACorrelationIdWorks() throws Exception {
        String body = Http.publishedBody(fixture.primaryUuid, fixture.drUuid)
                .replace("\"dstBackupStorageUuid\"", "\"uuid\":\"%s\",\"dstBackupStorageUuid\"".formatted(correlatedBackup));
        TemporaryQueue replies = client.temporaryQueue();
        client.send(REQUESTS, body, Map.of(), replies, "my-correlation-7");

        TextMessage reply = client.receive(replies, JmsClient.REPLY_TIMEOUT_MS);

        assertThat(reply.getJMSCorrelationID()).isEqualTo("my-correlation-7");
        assertThat(refOn(json(reply).get("inventory"), fixture.drUuid).get("status").asText()).isEqualTo("Ready");
        assertThat(Files.mismatch(fixture.onPrimary(correlatedBackup), fixture.onDr(correlatedBackup))).isEqualTo(-1L);
    }

    @Test
    void aBadRequestIsAnsweredAtOnceWithItsErrorCodeAndNeverRetried() throws Exception {
        long deadLettered = outcomes.deadLettered();

        TextMessage invalid = client.request(REQUESTS, sdkBody("not-a-uuid"), Map.of("uuid", invalidRequestBackup));
        TextMessage unknown = client.request(REQUESTS, sdkBody(fixture.drUuid), Map.of("uuid", Uuids.random()));
        TextMessage expired = client.request(REQUESTS, sdkBody(fixture.drUuid),
                Map.of("uuid", invalidRequestBackup, "sessionUuid", Uuids.random()));
        TextMessage noJson = client.request(REQUESTS, "{not json", Map.of("uuid", invalidRequestBackup));

        assertThat(json(invalid).get("error").get("code").asText()).isEqualTo("SYS.1007");
        assertThat(json(invalid).get("error").get("details").asText()).contains("dstBackupStorageUuid");
        assertThat(invalid.getStringProperty("errorCode")).isEqualTo("SYS.1007");
        assertThat(invalid.getIntProperty("attempts")).as("one attempt, no retry").isEqualTo(1);
        assertThat(invalid.getIntProperty("JMSXDeliveryCount")).as("never redelivered by the broker").isEqualTo(1);
        assertThat(json(unknown).get("error").get("code").asText()).isEqualTo("SYS.1003");
        assertThat(unknown.getIntProperty("attempts")).isEqualTo(1);
        assertThat(json(expired).get("error").get("code").asText()).isEqualTo("ID.1001");
        assertThat(json(noJson).get("error").get("code").asText()).isEqualTo("SYS.1007");
        assertThat(outcomes.deadLettered()).as("bad requests are answered, not dead-lettered").isEqualTo(deadLettered);
        assertThat(refRows(service, invalidRequestBackup, fixture.drUuid)).isZero();
        assertThat(Files.exists(fixture.onDr(invalidRequestBackup))).isFalse();
    }

    @Test
    void aTransientFailureIsRetriedThenDeadLetteredWithItsReasonAndCanBeResent() throws Exception {
        // The third store's directory is a plain file: every write fails with an I/O error (SYS.1016, transient).
        Path blocked = fixture.third.resolve("zsbak");
        Files.writeString(blocked, "not a directory");
        Long capacity = availableCapacity(service, fixture.thirdUuid);
        long deadLettered = outcomes.deadLettered();

        // X_HYPHEN_Job_HYPHEN_UUID: the name under which Camel senders carry an X-Job-UUID header.
        TextMessage reply = client.request(REQUESTS, sdkBody(fixture.thirdUuid),
                Map.of("uuid", transientFailureBackup, "X_HYPHEN_Job_HYPHEN_UUID", "job-transient-1"));

        assertThat(json(reply).get("error").get("code").asText()).isEqualTo("SYS.1016");
        assertThat(reply.getIntProperty("attempts")).as("first attempt and 2 redeliveries").isEqualTo(3);
        TextMessage deadLetter = client.receive(DEAD_LETTERS, JmsClient.REPLY_TIMEOUT_MS);
        assertThat(deadLetter).as("dead-letter record").isNotNull();
        assertThat(deadLetter.getStringProperty("errorCode")).isEqualTo("SYS.1016");
        assertThat(deadLetter.getStringProperty("errorDetails")).isNotBlank();
        assertThat(deadLetter.getIntProperty("attempts")).isEqualTo(3);
        assertThat(deadLetter.getStringProperty("originalMessageKey")).isEqualTo("job-transient-1");
        JsonNode record = json(deadLetter);
        assertThat(record.get("error").get("code").asText()).isEqualTo("SYS.1016");
        assertThat(record.get("request").get("uuid").asText()).isEqualTo(transientFailureBackup);
        assertThat(outcomes.deadLettered()).isEqualTo(deadLettered + 1);
        // Every attempt was undone: no ref, no partial file, no capacity taken.
        assertThat(refRows(service, transientFailureBackup, fixture.thirdUuid)).isZero();
        assertThat(Fixture.filesUnder(fixture.third)).containsExactly(blocked);
        assertThat(availableCapacity(service, fixture.thirdUuid)).isEqualTo(capacity);

        // The operator fixes the store and resends the recorded request as it is.
        Files.delete(blocked);
        TextMessage resent = client.request(REQUESTS, record.get("request").toString(), Map.of());
        assertThat(refOn(json(resent).get("inventory"), fixture.thirdUuid).get("status").asText()).isEqualTo("Ready");
        assertThat(Files.mismatch(fixture.onPrimary(transientFailureBackup),
                fixture.third.resolve("zsbak").resolve(transientFailureBackup))).isEqualTo(-1L);
    }

    @Test
    void theSameRequestSentTwiceMakesOneCopyAndBothAreAnswered() throws Exception {
        long capacity = availableCapacity(service, fixture.drUuid);
        long duplicates = outcomes.duplicates();
        // X-Job-UUID is no JMS identifier: plain JMS clients send jobUuid (Camel senders' X-Job-UUID arrives too).
        Map<String, String> sameJob = Map.of("uuid", duplicateBackup, "jobUuid", Uuids.random());
        TemporaryQueue replies = client.temporaryQueue();

        // Twice at once: both may run before either is recorded; the pipeline still copies once.
        client.send(REQUESTS, sdkBody(fixture.drUuid), sameJob, replies, "first");
        client.send(REQUESTS, sdkBody(fixture.drUuid), sameJob, replies, "second");
        List<JsonNode> answers = new ArrayList<>();
        answers.add(json(client.receive(replies, JmsClient.REPLY_TIMEOUT_MS)));
        answers.add(json(client.receive(replies, JmsClient.REPLY_TIMEOUT_MS)));
        // Once more after it was recorded: recognised, answered with the current inventory, nothing run.
        TextMessage late = client.request(REQUESTS, sdkBody(fixture.drUuid), sameJob);

        for (JsonNode answer : answers) {
            assertThat(refOn(answer.get("inventory"), fixture.drUuid).get("status").asText()).isEqualTo("Ready");
        }
        assertThat(late.getBooleanProperty("duplicate")).isTrue();
        assertThat(late.getIntProperty("attempts")).as("no pipeline attempt").isZero();
        assertThat(refOn(json(late).get("inventory"), fixture.drUuid))
                .isEqualTo(refOn(answers.get(0).get("inventory"), fixture.drUuid));
        assertThat(outcomes.duplicates()).isEqualTo(duplicates + 1);
        assertThat(availableCapacity(service, fixture.drUuid)).as("one copy").isEqualTo(capacity - SIZE);
        assertThat(refRows(service, duplicateBackup, fixture.drUuid)).isEqualTo(1);
        assertThat(Files.mismatch(fixture.onPrimary(duplicateBackup), fixture.onDr(duplicateBackup))).isEqualTo(-1L);
    }

    @Test
    void restAndQueueAtOnceForOneBackupMakeOneCopy() throws Exception {
        long capacity = availableCapacity(service, fixture.drUuid);
        Http http = new Http(service.baseUrl());
        String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        TemporaryQueue replies = client.temporaryQueue();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Http.Response>> restAnswers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                restAnswers.add(CompletableFuture.supplyAsync(() -> http.put("/zstack/v1/database-backups/" + restAndQueueBackup
                        + "/actions", Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin)), pool));
            }
            for (int i = 0; i < 3; i++) {
                client.send(REQUESTS, sdkBody(fixture.drUuid), Map.of("uuid", restAndQueueBackup), replies, "queue-" + i);
            }
            for (CompletableFuture<Http.Response> answer : restAnswers) {
                assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
            }
            for (int i = 0; i < 3; i++) {
                TextMessage reply = client.receive(replies, JmsClient.REPLY_TIMEOUT_MS);
                assertThat(refOn(json(reply).get("inventory"), fixture.drUuid).get("status").asText()).isEqualTo("Ready");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(availableCapacity(service, fixture.drUuid)).as("one copy").isEqualTo(capacity - SIZE);
        assertThat(Files.mismatch(fixture.onPrimary(restAndQueueBackup), fixture.onDr(restAndQueueBackup))).isEqualTo(-1L);
    }

    @Test
    void theCommandLineSenderPrintsTheAnswer() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        String port = Integer.toString(service.brokerPort());

        int status = SendSyncRequest.run(new String[] {"--port", port, "--job", Uuids.random(), senderBackup,
                fixture.primaryUuid, fixture.drUuid}, new java.io.PrintStream(out), new java.io.PrintStream(err), null);

        assertThat(status).as(err.toString()).isEqualTo(SendSyncRequest.OK);
        assertThat(refOn(Http.JSON.readTree(out.toString()).get("inventory"), fixture.drUuid).get("status").asText())
                .isEqualTo("Ready");
        assertThat(Files.mismatch(fixture.onPrimary(senderBackup), fixture.onDr(senderBackup))).isEqualTo(-1L);

        out.reset();
        int failed = SendSyncRequest.run(new String[] {"--port", port, Uuids.random(), fixture.primaryUuid, fixture.drUuid},
                new java.io.PrintStream(out), new java.io.PrintStream(err), null);
        assertThat(failed).isEqualTo(SendSyncRequest.ERROR_ANSWER);
        assertThat(Http.JSON.readTree(out.toString()).get("error").get("code").asText()).isEqualTo("SYS.1003");
        assertThat(SendSyncRequest.run(new String[] {"--port"}, new java.io.PrintStream(out), new java.io.PrintStream(err), null))
                .isEqualTo(SendSyncRequest.USAGE);
    }

    @Test
    void withoutReplyToTheOutcomeIsCounted() throws Exception {
        long copies = outcomes.copies();
        Map<String, Long> failuresBefore = outcomes.failuresByCode();

        client.send(REQUESTS, sdkBody(fixture.drUuid), Map.of("uuid", unansweredBackup), null, null);
        client.send(REQUESTS, sdkBody(fixture.drUuid), Map.of("uuid", Uuids.random()), null, null);

        Awaitility.await().atMost(Duration.ofMillis(JmsClient.REPLY_TIMEOUT_MS)).untilAsserted(() -> {
            assertThat(outcomes.copies()).isEqualTo(copies + 1);
            assertThat(outcomes.failuresByCode().get("SYS.1003")).isEqualTo(failuresBefore.getOrDefault("SYS.1003", 0L) + 1);
        });
        assertThat(Files.mismatch(fixture.onPrimary(unansweredBackup), fixture.onDr(unansweredBackup))).isEqualTo(-1L);
    }

    @Test
    void aJobUuidThatIsNoUuidNeverBecomesPartOfAPath() throws Exception {
        TextMessage reply = client.request(REQUESTS, sdkBody(fixture.drUuid),
                Map.of("uuid", oddKeyBackup, "jobUuid", "../../../escaped:job"));

        assertThat(refOn(json(reply).get("inventory"), fixture.drUuid).get("status").asText()).isEqualTo("Ready");
        try (var files = Files.walk(tmp)) {
            assertThat(files.filter(file -> file.getFileName().toString().contains("escaped"))).isEmpty();
        }
    }
}
