package backupsync;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.JarProcess;
import backupsync.support.ServiceRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged jar starts and stops in an order an operator can rely on. */
class StartAndStopIT {
    @TempDir
    Path tmp;

    /**
     * From the first moment the port answers, {@code /zstack/...} speaks ZStack: 503 SYS.1010 while the routes start,
     * never Vert.x's HTML page; the demo's banner comes once the service answers, and its script then works.
     */
    @Test
    void whileStartingTheApiAnswersNotReadyAndTheDemoBannerComesOnceItAnswers() throws Exception {
        int port = ServiceRunner.freePort();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/zstack/v1/database-backups"))
                .timeout(Duration.ofSeconds(5)).build();
        List<String> answers = new ArrayList<>();
        try (JarProcess node = JarProcess.start(tmp.resolve("logs"), "demo", Map.of(
                "backupsync.data-dir", tmp.resolve("data").toString(), "backupsync.demo", "true",
                "camel.server.port", Integer.toString(port),
                "backupsync.broker.port", Integer.toString(ServiceRunner.freePort())))) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
                assertThat(node.isAlive()).as("the service exited: %s", node.stderr()).isTrue();
                try {
                    HttpResponse<String> answer = client.send(probe, HttpResponse.BodyHandlers.ofString());
                    answers.add(answer.statusCode() + " " + answer.body());
                    return answer.statusCode() == 400;
                } catch (java.io.IOException notListeningYet) {
                    return false;
                }
            });
            assertThat(answers).as("every answer while starting").allMatch(answer ->
                    answer.startsWith("503 {\"error\":{\"code\":\"SYS.1010\"") || answer.startsWith("400 {\"error\":{\"code\":\"ID.1001\""));

            String log = node.stdout();
            assertThat(log.indexOf("demo ready")).as("the banner comes after Camel started")
                    .isGreaterThan(log.indexOf("(backup-sync) started in")).isGreaterThan(log.indexOf("HttpServer started"));
            Process tryIt = new ProcessBuilder("sh", tmp.resolve("data/demo/try-it.sh").toString()).redirectErrorStream(true).start();
            assertThat(new String(tryIt.getInputStream().readAllBytes())).contains("\"inventory\"").doesNotContain("\"error\"");
        }
    }

    /** SIGTERM while a large copy runs: the copy finishes and is recorded, its sync line and then a 'stopped' line are logged. */
    @Test
    void aCopyInFlightAtSigtermFinishesAndTheLogEndsWithStopped() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 768L << 20);
        int port = ServiceRunner.freePort();
        JarProcess node = JarProcess.start(tmp.resolve("logs"), "sigterm", Map.of(
                "backupsync.data-dir", fixture.dataDir.toString(), "backupsync.inventory-file", fixture.writeInventory().toString(),
                "camel.server.port", Integer.toString(port), "backupsync.broker.port", Integer.toString(ServiceRunner.freePort())))
                .awaitReady(port);
        try (node) {
            Http http = new Http("http://127.0.0.1:" + port);
            String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            Map<String, String> asJob = new java.util.HashMap<>(Http.session(session));
            asJob.put("X-Job-UUID", backupsync.api.Uuids.random());
            Http.Response accepted = http.put("/zstack/v1/database-backups/" + backup + "/actions",
                    Http.publishedBody(fixture.primaryUuid, fixture.drUuid), asJob);
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                    http.get("/zstack/v1/database-backups/syncs/progress", Http.session(session)).json()
                            .path("inventories").path(0).path("bytesDone").asLong() > 0);
            node.stop();
        }
        String log = node.stdout();
        assertThat(log).containsPattern("backup=" + backup + " .*outcome=copied");
        // After every service of the context stopped, the database last; only Camel Main's own farewell may follow.
        assertThat(log.indexOf("backup-sync stopped")).as(log).isGreaterThan(log.indexOf("outcome=copied"))
                .isGreaterThan(log.indexOf("is shutting down"));
        assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
    }
}
